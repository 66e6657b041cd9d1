"""Disaster mode and evacuation sites (issue 15): the sites' open data, the nearest sites to a
sent location, and the emergency switch (notice, menu, paused reminders)."""
