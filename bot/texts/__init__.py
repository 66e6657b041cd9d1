"""Every label and message the resident sees, in Japanese, gathered here by feature.

Labels are a contract (SPEC §2): buttons, quick replies and typed keywords use exactly these
words, most of them the city app guide's own. Use them as `texts.NAME`.
"""
from bot.texts.common import *  # noqa: F401,F403
from bot.texts.cardlink import *  # noqa: F401,F403
from bot.texts.portal import *  # noqa: F401,F403
from bot.texts.garbage import *  # noqa: F401,F403
from bot.texts.reminders import *  # noqa: F401,F403
from bot.texts.reports import *  # noqa: F401,F403
from bot.texts.disaster import *  # noqa: F401,F403
