"""The conversation flows. FLOWS is the registry: every flow the bot runs is listed here."""
from bot.flows.account import AccountChange
from bot.flows.applications import Applications
from bot.flows.area import AreaChoice
from bot.flows.calendar import GarbageCalendar
from bot.flows.cardlink import CardLinking
from bot.flows.disaster_info import DisasterInfo
from bot.flows.help import Help
from bot.flows.interests import Interests
from bot.flows.languages import LanguageChoice
from bot.flows.leave import Leaving
from bot.flows.mypage import MyPage
from bot.flows.postbox import Postbox
from bot.flows.registration import Registration, Welcome
from bot.flows.reminders import GarbageReminders
from bot.flows.reports import Reporting
from bot.flows.settings import Settings
from bot.flows.shelters import Shelters
from bot.flows.sorting import SortingGuide

FLOWS = [Welcome, Registration, MyPage, Help, CardLinking, Postbox, Applications, Interests, AccountChange, Settings, LanguageChoice, Leaving,
         AreaChoice, GarbageCalendar, SortingGuide, GarbageReminders, Reporting, Shelters, DisasterInfo]
