"""Labels and messages of 言語 / Language: which language the bot answers in (issue 13)."""
from __future__ import annotations

from bot.chat.language import N_, label

# --- labels ------------------------------------------------------------------------------------
# The same in every language (each catalogue keeps it as it is): whoever cannot read the
# language the bot speaks now still finds the way back.
LANGUAGE_SETTING = label("言語 / Language")

# --- messages ---------------------------------------------------------------------------------
LANGUAGE_TITLE = N_("言語 / Language")
LANGUAGE_PROMPT = N_("ボットがお答えする言語を選んでください。")
LANGUAGE_CHANGED = N_("これからは日本語でお答えします。")  # said in the language just chosen
LANGUAGE_NAMES_STAY = N_("地域名や品目名などは、市のデータのとおり日本語で表示します。")
