"""Every label and message the resident sees, in Japanese, gathered here by feature.

Labels are a contract (SPEC §2): buttons, quick replies and typed keywords use exactly these
words, most of them the city app guide's own. Use them as `texts.NAME`.
"""
from bot.chat.texts.common import *  # noqa: F401,F403
from bot.chat.texts.cardlink import *  # noqa: F401,F403
from bot.chat.texts.portal import *  # noqa: F401,F403
from bot.chat.texts.garbage import *  # noqa: F401,F403
from bot.chat.texts.reminders import *  # noqa: F401,F403
from bot.chat.texts.reports import *  # noqa: F401,F403
from bot.chat.texts.disaster import *  # noqa: F401,F403
