"""One source for the city (bot/city_source.py): with Kanazawa's data imported and no
CITY_CONFIG nobody is offered Hiroshima's wards — not in registration, not in the staff
console; a CITY_CONFIG that contradicts the data is refused at start-up, naming both."""
from __future__ import annotations

import pytest

from bot.chat import texts
from bot.city import REPORT_CATEGORIES
from bot.city_source import CityMismatch
from bot.staff.models import Role
from devtools.standin.state import user_id_for
from tests.garbage_flows.support import import_city, quick_replies, small_city
from tests.portal.support import last_words
from tests.staff.support import get, make_staff, sign_in
from tests.support.portal import running_portal

HIROSHIMA_WARDS = ("中区", "東区", "南区", "西区", "安佐南区", "安佐北区", "安芸区", "佐伯区")
HANAKO = user_id_for("hanako")


def test_kanazawa_data_without_city_config_offers_no_hiroshima_ward(kanazawa_url):
    with running_portal(kanazawa_url, public_url="https://portal.example.jp") as portal:
        city = portal.app.extensions["portalbot"].city
        assert city.city_name == "金沢市" and city.wards == ()

        # Registration: the ward question is skipped; nothing of Hiroshima's is shown
        portal.line.add_user(HANAKO, display_name="金沢 花子")
        portal.line.follow(HANAKO)
        assert "金沢市" in "\n".join(portal.texts_for(HANAKO))
        for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
            portal.tap(HANAKO, label)
        portal.line.text(HANAKO, "はなこ")
        portal.tap(HANAKO, "30代")
        assert texts.ASK_INTERESTS in last_words(portal, HANAKO)
        portal.tap(HANAKO, texts.DONE)
        portal.line.text(HANAKO, texts.MY_PAGE)
        everything = "\n".join(portal.texts_for(HANAKO))
        assert texts.ASK_WARD not in everything and not any(ward in everything for ward in HIROSHIMA_WARDS)

        # まちの通報 (issue 14) keeps the city file's categories; 避難場所 (issue 15) still asks
        portal.line.text(HANAKO, texts.REPORT)
        assert quick_replies(portal.last_for(HANAKO))[:5] == list(REPORT_CATEGORIES)
        portal.line.text(HANAKO, texts.CANCEL)
        portal.line.text(HANAKO, texts.SHELTERS)
        assert texts.ASK_LOCATION in last_words(portal, HANAKO)
        portal.line.text(HANAKO, texts.CANCEL)

        # The staff console: composing a notice offers no ward to target
        db = portal.app.extensions["portalbot"].db
        make_staff(db, "editor@city.example.jp", Role.EDITOR)
        client = portal.app.test_client()
        sign_in(client, "editor@city.example.jp")
        page = get(client, "/admin/notices/new").get_data(as_text=True)
        assert not any(ward in page for ward in HIROSHIMA_WARDS)
        assert portal.rejected_requests() == []


def test_a_city_config_that_contradicts_the_data_is_refused(kanazawa_url):
    with pytest.raises(CityMismatch) as refused:
        with running_portal(kanazawa_url, city_config="bot/data/city.yml"):
            pass
    message = str(refused.value)
    assert "bot/data/city.yml" in message and "広島市" in message and "中区" in message
    assert "金沢市" in message and "no wards" in message


def test_the_matching_city_config_starts(kanazawa_url):
    with running_portal(kanazawa_url, city_config="bot/data/kanazawa.yml") as portal:
        assert portal.app.extensions["portalbot"].city.wards == ()


def test_the_city_follows_a_new_import_without_a_restart(database_url):
    from bot.store.db import make_engine

    with running_portal(database_url) as portal:
        assert portal.app.extensions["portalbot"].city.wards == HIROSHIMA_WARDS  # no data: the file
        engine = make_engine(database_url)
        try:
            import_city(engine, small_city(("北区", "北町", "きたまち"), ("南区", "南町", "みなみまち")))
        finally:
            engine.dispose()
        city = portal.app.extensions["portalbot"].city
        assert city.wards == ("北区", "南区") and city.city_name == "小さな市"
        portal.line.add_user(HANAKO, display_name="花子")
        portal.line.follow(HANAKO)
        for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
            portal.tap(HANAKO, label)
        portal.line.text(HANAKO, "はなこ")
        portal.tap(HANAKO, texts.SKIP)
        assert texts.ASK_WARD in last_words(portal, HANAKO)
        portal.tap(HANAKO, "北区")  # the data's ward is a choice
        assert texts.ASK_INTERESTS in last_words(portal, HANAKO)


def test_deploy_draws_the_menus_for_the_imported_city(kanazawa_url):
    from bot.line.richmenu import DEFINITIONS, deploy_menus, drawn_image

    with running_portal(kanazawa_url) as portal:
        bot = portal.app.extensions["portalbot"]
        deploy_menus(bot.settings, bot.db)
        line = portal.line
        definition = (DEFINITIONS / "guest.json").read_text(encoding="utf-8")
        guest = line.richmenus[line.aliases["portalbot-guest"]].image
        assert guest == drawn_image(definition, "guest", bot.city.portal_name, "金沢市")  # 金沢市の市民ポータル
        assert guest != drawn_image(definition, "guest", bot.city.portal_name, "広島市")
        disaster = (DEFINITIONS / "disaster.json").read_text(encoding="utf-8")
        assert line.richmenus[line.aliases["portalbot-disaster"]].image == drawn_image(
            disaster, "disaster", bot.city.portal_name, "金沢市")


def test_the_city_is_checked_at_most_once_a_second_unless_this_process_imported(engine, monkeypatch):
    """Every event asks for the city: the check that the data changed is not a query per event.
    An import in this process shows at once; one in another process within RECHECK."""
    from sqlalchemy.event import listen

    from bot import city_source
    from bot.city import load_city
    from bot.store import garbage

    source = city_source.CitySource(load_city(), engine=engine)
    queries = []
    listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_: queries.append(statement))
    assert source.current().wards == HIROSHIMA_WARDS  # nothing imported: the file
    asked = len(queries)
    assert source.current().wards == HIROSHIMA_WARDS and len(queries) == asked  # within the second: no query

    import_city(engine, small_city(("北区", "北町", "きたまち"), ("南区", "南町", "みなみまち")))
    assert source.current().wards == ("北区", "南区")  # imported here: seen at once

    # An import by another process (here: this process's count put back, as if it had not seen it).
    imports = garbage.imports_in_this_process()
    import_city(engine, small_city(("東区", "東町", "ひがしまち"),))
    monkeypatch.setattr(garbage, "_imports_here", imports)
    assert source.current().wards == ("北区", "南区")  # not yet: within the second
    later = city_source.time.monotonic() + city_source.RECHECK
    monkeypatch.setattr(city_source.time, "monotonic", lambda: later)
    assert source.current().wards == ("東区",)
