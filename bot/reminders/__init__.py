"""Garbage reminders (SPEC §2.4): the message, the slots and their fan-out through bot/delivery."""
