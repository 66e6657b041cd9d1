"""The conversation flows. FLOWS is the registry: every flow the bot runs is listed here."""
from bot.flows.help import Help
from bot.flows.mypage import MyPage
from bot.flows.registration import Registration, Welcome

FLOWS = [Welcome, Registration, MyPage, Help]
