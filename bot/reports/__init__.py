"""Resident reports (まちの通報): the photo rules, the places, the follow-ups to the reporter.

The flow is bot/flows/reports.py, the tables bot/store/reports.py, the staff pages
bot/admin/reports.py and the API bot/api/reports.py.
"""
