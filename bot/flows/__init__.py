"""The conversation flows. FLOWS is the registry: every flow the bot runs is listed here."""
from bot.flows.cardlink import CardLinking
from bot.flows.help import Help
from bot.flows.mypage import MyPage
from bot.flows.postbox import Postbox
from bot.flows.registration import Registration, Welcome

FLOWS = [Welcome, Registration, MyPage, Help, CardLinking, Postbox]
