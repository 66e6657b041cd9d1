"""Rich menus (SPEC §2.10): definitions, images, `portalbot richmenu deploy`, per-resident links.
The menus in each language: tests/portal/test_richmenu_languages.py."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from sqlmodel import Session

from bot.chat.language import LANGUAGES
from bot.cli import main
from bot.flows import FLOWS
from bot.flows.engine import FlowEngine
from bot.chat.images import sniff
from bot.line.richmenu import DEFINITIONS, alias_for, deploy_menus, load_menus
from bot.line.richmenu_languages import menu_key, split_key
from bot.chat.replies import GUEST_MENU, REGISTERED_MENU
from devtools.standin.state import user_id_for
from bot.store import richmenus
from tests.portal.support import register

HANAKO = user_id_for("hanako")

# Labels of features still being built by others: the menu shows them already; the lead
# removes each from here when its flow lands (then the test checks it resolves too).
def menu_state(line) -> tuple[set[str], dict[str, str], str | None]:
    """The stand-in's menus (by name), aliases and default."""
    names = {menu.definition["name"] for menu in line.richmenus.values()}
    return names, dict(line.aliases), line.default_richmenu


def aliases_in(code: str) -> set[str]:
    return {alias_for(source.key) for source in load_menus() if split_key(source.key)[1] == code}


def test_every_menu_button_is_a_label_a_flow_answers_in_the_menus_language():
    engine = FlowEngine(FLOWS)
    for source in load_menus():
        _, code = split_key(source.key)
        keywords = engine.keywords_in(code)
        for area in source.definition["areas"]:
            action = area["action"]
            if action["type"] == "message":
                assert action["text"] == action["label"], action
                assert action["text"] in keywords, f"{source.key}: {action['text']!r} starts no flow"
            else:
                assert action["type"] == "richmenuswitch", action
                assert action["richMenuAliasId"] in aliases_in(code), f"{source.key}: a tab out of its language"


def test_images_match_their_menus_and_are_under_1_mb():
    for source in load_menus():
        image = sniff(source.image)
        size = source.definition["size"]
        assert (image.width, image.height) == (size["width"], size["height"]), source.key
        assert (size["width"], size["height"]) in ((2500, 1686), (2500, 843))
        assert len(source.image) < 1024 * 1024, source.key


def test_deploy_creates_menus_and_aliases_and_a_second_run_leaves_the_same_set(portal, db):
    line = portal.line  # the fixture deployed once already, schema-checked by the stand-in
    names, aliases, default = menu_state(line)
    assert names == {source.name for source in load_menus()}
    assert set(aliases) == {alias_for(menu_key(key, code)) for key in ("guest", "registered", "registered-garbage", "disaster")
                            for code in LANGUAGES}
    assert {"portalbot-guest", "portalbot-registered-garbage", "portalbot-guest-en", "portalbot-registered-garbage-jae"} <= set(aliases)
    for code in LANGUAGES:  # each alias names its language's menu
        assert line.richmenus[aliases[alias_for(menu_key(GUEST_MENU, code))]].definition["name"].startswith(
            f"portalbot/{menu_key(GUEST_MENU, code)}/")
    assert default == aliases["portalbot-guest"]
    assert all(menu.image for menu in line.richmenus.values())

    bot = portal.app.extensions["portalbot"]
    report = deploy_menus(bot.settings, bot.db)
    assert report.created == [] and report.deleted_menus == 0
    assert menu_state(line) == (names, aliases, default)
    with Session(db) as session:
        assert richmenus.deployed_menu_id(session=session, key=REGISTERED_MENU) == aliases["portalbot-registered"]


def test_a_changed_menu_replaces_the_old_one_and_registered_residents_follow(portal, db, tmp_path):
    register(portal, HANAKO)
    line = portal.line
    _, before, _ = menu_state(line)
    assert line.user_richmenu[HANAKO] == before["portalbot-registered"]

    changed = tmp_path / "richmenu"
    shutil.copytree(DEFINITIONS, changed, ignore=shutil.ignore_patterns("*.py", "*.md"))
    definition = json.loads((changed / "registered.json").read_text(encoding="utf-8"))
    definition["chatBarText"] = "メニューを開く"
    (changed / "registered.json").write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    bot = portal.app.extensions["portalbot"]
    report = deploy_menus(bot.settings, bot.db, changed)

    _, after, default = menu_state(line)
    assert report.created == [menu_key("registered", code) for code in LANGUAGES]
    assert report.deleted_menus == len(LANGUAGES) and report.relinked == 1
    assert after["portalbot-registered"] != before["portalbot-registered"]
    assert after["portalbot-guest"] == before["portalbot-guest"] == default
    assert len(line.richmenus) == len(load_menus())  # no orphan left behind
    assert line.user_richmenu[HANAKO] == after["portalbot-registered"]


def test_the_cli_command_deploys_against_the_configured_line(portal, monkeypatch):
    bot = portal.app.extensions["portalbot"]
    for name, value in {
        "LINE_CHANNEL_SECRET": bot.settings.channel_secret,
        "LINE_CHANNEL_ACCESS_TOKEN": bot.settings.channel_access_token,
        "LINE_API_URL": portal.url,
        "LINE_DATA_API_URL": portal.url,
        "DATABASE_URL": bot.settings.database_url,
        "SECRET_KEY": "test-secret-key",
    }.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["richmenu", "deploy"])
    assert result.exit_code == 0, result.output
    kept = ", ".join(menu_key(key, code) for key in ("disaster", "guest", "registered-garbage", "registered") for code in LANGUAGES)
    assert f"created none; kept {kept};" in result.output


def test_registering_links_the_registered_menu_and_the_tabs_switch_without_a_reply(portal):
    line = portal.line
    line.add_user(HANAKO, display_name="広島 花子")
    line.follow(HANAKO)
    assert line.richmenu_for(HANAKO).rich_menu_id == line.aliases["portalbot-guest"]
    register(portal, HANAKO)
    assert line.richmenu_for(HANAKO).rich_menu_id == line.aliases["portalbot-registered"]

    received = len(line.timeline(HANAKO))
    line.switch_richmenu(HANAKO, "portalbot-registered-garbage", "richmenu-tab:registered-garbage")
    assert line.richmenu_for(HANAKO).rich_menu_id == line.aliases["portalbot-registered-garbage"]
    assert len(line.timeline(HANAKO)) == received  # the tab is the client's business


@pytest.mark.parametrize("key", [GUEST_MENU, REGISTERED_MENU, "registered-garbage"])
def test_each_tab_of_a_menu_points_at_an_alias_of_its_language_that_exists(key):
    for code in LANGUAGES:
        source = next(s for s in load_menus() if s.key == menu_key(key, code))
        for area in source.definition["areas"]:
            if area["action"]["type"] == "richmenuswitch":
                assert area["action"]["richMenuAliasId"] in aliases_in(code)
