"""The shipped glossary: the garbage categories Japanese cities commonly have, by the names
they give them, in English, Simplified Chinese, Korean and やさしい日本語. A category shows
these when the city's translations.csv says nothing for that language (bot/garbage/localized.py).

Names match as residents' words do (bot/garbage/kana.py: width, katakana, spaces), with
・ / 、 , & read as one separator: 可燃ゴミ is 可燃ごみ, ビン・カン is びん・かん.
How-tos stay general — what goes in the category and one rule most cities share — and never
name a day, a bag or a fee the city may do otherwise: the calendar and the city's own Japanese
say those. Their first sentence is what a reminder shows, so it is kept within the reminder's
60 characters (tests/garbage/test_garbage_glossary.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from bot.garbage import kana
from bot.garbage.schedule import CategoryTranslation

_SEPARATORS = re.compile(r"[・/、,&]")


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]  # every Japanese name of the category, the commonest first
    translations: tuple[CategoryTranslation, ...]

    def translation(self, language: str) -> CategoryTranslation | None:
        return next((t for t in self.translations if t.language == language), None)


def _entry(*names: str, en: tuple[str, ...], zh: tuple[str, ...], ko: tuple[str, ...],
           easy: tuple[str, ...]) -> Entry:
    """names, then (label, how_to) or (label,) per language."""
    texts = {"en": en, "zh": zh, "ko": ko, "ja-easy": easy}
    return Entry(names, tuple(CategoryTranslation(code, *text) for code, text in texts.items()))


_DRAIN_EASY = "たべもの の ごみ は みず を よく きって ください。"
_DANGER_EN = "Wrap broken glass and blades in paper and write キケン (danger) on them."
_DANGER_ZH = "碎玻璃和刀具请用纸包好，并写上“キケン”（危险）。"
_DANGER_KO = "깨진 유리나 칼은 종이로 싸서 ‘キケン’(위험)이라고 적어 주세요."
_DANGER_EASY = "われた もの や はもの は かみ で つつんで、「キケン」と かいて ください。"
_RINSE_EN = "Rinse them before putting them out."
_RINSE_ZH = "请冲洗后再扔。"
_RINSE_KO = "헹군 뒤 내놓아 주세요."
_RINSE_EASY = "あらって から だして ください。"
_GUIDE_EN = "See the city's guide for how to put them out."
_GUIDE_ZH = "扔法请查看市政府的指南。"
_GUIDE_KO = "내놓는 방법은 시의 안내를 확인해 주세요."
_GUIDE_EASY = "だしかた は し の あんない を みて ください。"
_PACKAGING = dict(
    en="Plastic packaging with the プラ mark, such as bags and trays. Empty them and rinse off any dirt.",
    zh="带有“プラ”标志的塑料包装，如袋子、托盘等。请倒空并冲洗掉污垢。",
    ko="‘プラ’ 마크가 있는 봉투, 트레이 등 플라스틱 포장입니다. 내용물을 비우고 더러움을 헹궈 주세요.",
    easy="「プラ」の マーク が ある ふくろ や トレー など です。なかみ を だして、よごれ を あらって ください。",
)
_BULKY = dict(
    en="Large items such as furniture and bicycles. " + _GUIDE_EN,
    zh="家具、自行车等大件物品。" + _GUIDE_ZH,
    ko="가구, 자전거 등 큰 물건입니다. " + _GUIDE_KO,
    easy="かぐ や じてんしゃ など、おおきい ごみ です。" + _GUIDE_EASY,
)

ENTRIES: tuple[Entry, ...] = (
    # --- what every city collects -------------------------------------------------------------
    _entry("燃やすごみ", "可燃ごみ", "燃えるごみ", "燃やせるごみ", "可燃物", "可燃",
           en=("Burnable waste", "Kitchen scraps, paper scraps and other waste that burns. Drain food scraps well."),
           zh=("可燃垃圾", "厨余、纸屑等可以燃烧的垃圾。厨余请充分沥干水分。"),
           ko=("타는 쓰레기", "음식물 찌꺼기, 종이 부스러기 등 타는 쓰레기입니다. 음식물은 물기를 잘 빼 주세요."),
           easy=("もやすごみ", "たべもの の ごみ や かみくず など、もやせる ごみ です。" + _DRAIN_EASY)),
    _entry("燃やさないごみ", "不燃ごみ", "燃えないごみ", "燃やせないごみ", "不燃物", "不燃",
           en=("Non-burnable waste", "Metal, glass, ceramics and other waste that does not burn. " + _DANGER_EN),
           zh=("不可燃垃圾", "金属、玻璃、陶瓷等不能燃烧的垃圾。" + _DANGER_ZH),
           ko=("타지 않는 쓰레기", "금속, 유리, 도자기 등 타지 않는 쓰레기입니다. " + _DANGER_KO),
           easy=("もやさないごみ", "きんぞく、ガラス、せともの など、もえない ごみ です。" + _DANGER_EASY)),
    _entry("資源", "資源ごみ", "資源物", "資源回収",
           en=("Recyclables", "Things to be recycled, such as cans, PET bottles and paper. "
                              "Empty and rinse containers before putting them out."),
           zh=("资源垃圾", "罐、PET塑料瓶、纸类等可回收利用的垃圾。容器请倒空并冲洗干净。"),
           ko=("자원 쓰레기", "캔, 페트병, 종이 등 재활용할 수 있는 쓰레기입니다. 용기는 비우고 헹궈서 내놓아 주세요."),
           easy=("しげん（リサイクル）", "かん、ペットボトル、かみ など、リサイクル する ごみ です。"
                                 "いれもの は なかみ を だして、あらって ください。")),
    _entry("粗大ごみ", "粗大",
           en=("Bulky waste", _BULKY["en"]), zh=("大件垃圾", _BULKY["zh"]), ko=("대형 쓰레기", _BULKY["ko"]),
           easy=("おおきい ごみ（そだいごみ）", _BULKY["easy"])),
    _entry("大型ごみ", "大型",
           en=("Bulky waste", _BULKY["en"]), zh=("大件垃圾", _BULKY["zh"]), ko=("대형 쓰레기", _BULKY["ko"]),
           easy=("おおきい ごみ（おおがたごみ）", _BULKY["easy"])),
    _entry("有料粗大ごみ",
           en=("Bulky waste (fee)", "Large items such as furniture, collected for a fee. " + _GUIDE_EN),
           zh=("大件垃圾（收费）", "家具等大件物品，收费收集。" + _GUIDE_ZH),
           ko=("대형 쓰레기(유료)", "가구 등 큰 물건으로, 유료로 수거합니다. " + _GUIDE_KO),
           easy=("おかね が かかる おおきい ごみ", "かぐ など の おおきい ごみ です。おかね が かかります。" + _GUIDE_EASY)),

    # --- bottles, cans, plastics ----------------------------------------------------------------
    _entry("びん", "あきびん", "空きびん", "びん類", "ガラスびん",
           en=("Glass bottles", "Empty glass bottles and jars from food and drinks. Remove the caps and rinse them."),
           zh=("玻璃瓶", "装过食品、饮料的空玻璃瓶。请取下瓶盖并冲洗干净。"),
           ko=("유리병", "음식이나 음료가 들어 있던 빈 유리병입니다. 뚜껑을 떼고 헹궈 주세요."),
           easy=("びん", "たべもの や のみもの が はいって いた ガラス の びん です。ふた を とって、あらって ください。")),
    _entry("缶", "かん", "空き缶", "空きかん", "あきかん", "缶類",
           en=("Cans", "Empty food and drink cans. " + _RINSE_EN),
           zh=("空罐", "装过食品、饮料的空罐。" + _RINSE_ZH),
           ko=("캔", "음식이나 음료가 들어 있던 빈 캔입니다. " + _RINSE_KO),
           easy=("かん", "たべもの や のみもの が はいって いた かん です。" + _RINSE_EASY)),
    _entry("びん・缶", "びん・かん", "缶・びん", "かん・びん", "空きびん・空き缶", "空き缶・空きびん",
           "あきびん・あきかん",
           en=("Bottles and cans", "Empty glass bottles and cans from food and drinks. " + _RINSE_EN),
           zh=("玻璃瓶·空罐", "装过食品、饮料的空玻璃瓶和空罐。" + _RINSE_ZH),
           ko=("병·캔", "음식이나 음료가 들어 있던 빈 병과 캔입니다. " + _RINSE_KO),
           easy=("びん・かん", "たべもの や のみもの が はいって いた びん と かん です。" + _RINSE_EASY)),
    _entry("缶・びん・ペットボトル", "びん・缶・ペットボトル", "かん・びん・ペットボトル", "びん・かん・ペットボトル",
           en=("Cans, bottles and PET bottles", "Empty food and drink containers of metal, glass or PET. " + _RINSE_EN),
           zh=("罐·玻璃瓶·PET塑料瓶", "装过饮料、食品的空罐、玻璃瓶和PET塑料瓶。" + _RINSE_ZH),
           ko=("캔·병·페트병", "음료나 음식이 들어 있던 빈 캔, 유리병, 페트병입니다. " + _RINSE_KO),
           easy=("かん・びん・ペットボトル", "のみもの や たべもの が はいって いた かん、びん、ペットボトル です。" + _RINSE_EASY)),
    _entry("ペットボトル", "ペットボトル類",
           en=("PET bottles", "Plastic drink bottles with the PET mark. Remove caps and labels, rinse and flatten them."),
           zh=("PET塑料瓶", "带有PET标志的饮料塑料瓶。请取下瓶盖和标签，冲洗后压扁。"),
           ko=("페트병", "PET 마크가 있는 음료용 플라스틱병입니다. 뚜껑과 라벨을 떼고 헹군 뒤 납작하게 눌러 주세요."),
           easy=("ペットボトル", "PET の マーク が ある のみもの の ボトル です。ふた と ラベル を とって、あらって、つぶして ください。")),
    _entry("プラスチック製容器包装", "プラスチック容器包装", "容器包装プラスチック", "容器包装プラ", "プラ容器包装",
           "プラ容器", "プラスチック製容器", "プラスチック容器",
           en=("Plastic containers and packaging", _PACKAGING["en"]),
           zh=("塑料容器包装", _PACKAGING["zh"]),
           ko=("플라스틱 용기·포장", _PACKAGING["ko"]),
           easy=("プラスチック の いれもの・つつみ", _PACKAGING["easy"])),
    _entry("リサイクルプラ",  # Hiroshima's name for the packaging with the プラ mark
           en=("Recyclable plastics", _PACKAGING["en"]),
           zh=("可回收塑料", _PACKAGING["zh"]),
           ko=("재활용 플라스틱", _PACKAGING["ko"]),
           easy=("リサイクル する プラスチック", _PACKAGING["easy"])),
    _entry("その他プラ", "その他プラスチック", "その他のプラスチック", "その他プラスチック類", "製品プラスチック",
           en=("Other plastics", "Other plastic items, and packaging too dirty to clean."),
           zh=("其他塑料", "容器包装以外的塑料制品，以及洗不干净的塑料包装。"),
           ko=("기타 플라스틱", "포장 이외의 플라스틱 제품과 씻어도 깨끗해지지 않는 플라스틱 포장입니다."),
           easy=("その ほか の プラスチック", "プラスチック の もの や、あらっても きれいに ならない プラスチック の いれもの です。")),
    _entry("プラスチック", "プラスチック類", "プラ", "プラごみ", "プラスチックごみ", "プラスチック資源",
           en=("Plastics", "Plastic containers, packaging and other plastic items. Empty them and rinse off any dirt."),
           zh=("塑料类", "塑料容器、包装及其他塑料制品。请倒空并冲洗掉污垢。"),
           ko=("플라스틱", "플라스틱 용기, 포장 및 기타 플라스틱 제품입니다. 내용물을 비우고 더러움을 헹궈 주세요."),
           easy=("プラスチック", "プラスチック の いれもの や もの です。なかみ を だして、よごれ を あらって ください。")),

    # --- paper and cloth -----------------------------------------------------------------------
    _entry("古紙", "古紙類", "紙類", "紙", "資源紙", "紙ごみ",
           en=("Paper for recycling", "Newspapers, magazines, cardboard and other used paper. Tie each kind in a bundle."),
           zh=("旧纸类", "报纸、杂志、纸箱等旧纸。请按种类分别捆好。"),
           ko=("폐지", "신문, 잡지, 골판지 등 헌 종이입니다. 종류별로 묶어서 내놓아 주세요."),
           easy=("ふるい かみ", "しんぶん、ざっし、だんボール など の かみ です。しゅるい ごと に ひも で しばって ください。")),
    _entry("新聞", "新聞紙", "新聞・チラシ",
           en=("Newspapers", "Newspapers and flyers. Tie them in a bundle."),
           zh=("报纸", "报纸和广告传单。请捆好。"),
           ko=("신문지", "신문과 전단지입니다. 묶어서 내놓아 주세요."),
           easy=("しんぶん", "しんぶん と チラシ です。ひも で しばって ください。")),
    _entry("雑誌", "雑誌・本", "本・雑誌",
           en=("Magazines and books", "Magazines, books and catalogues. Tie them in a bundle."),
           zh=("杂志·书籍", "杂志、书籍、商品目录等。请捆好。"),
           ko=("잡지·책", "잡지, 책, 카탈로그 등입니다. 묶어서 내놓아 주세요."),
           easy=("ざっし・ほん", "ざっし や ほん です。ひも で しばって ください。")),
    _entry("雑がみ", "雑紙", "その他の紙",
           en=("Mixed paper", "Paper boxes, envelopes, wrapping and other small paper. Put them in a paper bag or tie them."),
           zh=("杂纸", "纸盒、信封、包装纸等小纸张。请装入纸袋或捆好。"),
           ko=("기타 종이", "종이 상자, 봉투, 포장지 등 작은 종이입니다. 종이봉투에 넣거나 묶어 주세요."),
           easy=("いろいろ な かみ", "かみ の はこ や ふうとう など の かみ です。かみ の ふくろ に いれて ください。")),
    _entry("雑誌・雑がみ", "雑誌・雑紙",
           en=("Magazines and mixed paper", "Magazines, books, paper boxes, envelopes and other paper. Tie them in a bundle."),
           zh=("杂志·杂纸", "杂志、书籍、纸盒、信封等纸类。请捆好。"),
           ko=("잡지·기타 종이", "잡지, 책, 종이 상자, 봉투 등 종이입니다. 묶어서 내놓아 주세요."),
           easy=("ざっし・いろいろ な かみ", "ざっし、ほん、かみ の はこ など です。ひも で しばって ください。")),
    _entry("段ボール", "段ボール類",
           en=("Cardboard", "Cardboard boxes. Flatten them and tie them in a bundle."),
           zh=("纸箱", "瓦楞纸箱。请压平后捆好。"),
           ko=("골판지", "골판지 상자입니다. 납작하게 펴서 묶어 주세요."),
           easy=("だんボール", "だんボール の はこ です。たたんで、ひも で しばって ください。")),
    _entry("紙パック", "牛乳パック", "飲料用紙パック",
           en=("Paper drink cartons", "Milk and juice cartons. Rinse, cut open and dry them."),
           zh=("饮料纸盒", "牛奶、果汁等纸盒。请冲洗、剪开并晾干。"),
           ko=("종이팩", "우유나 주스 종이팩입니다. 헹구고 펼쳐서 말려 주세요."),
           easy=("かみパック", "ぎゅうにゅう や ジュース の かみパック です。あらって、ひらいて、かわかして ください。")),
    _entry("古着・古布", "古布・古着", "古着", "古布", "衣類", "布類",
           en=("Used clothing and cloth", "Clean, dry clothes and cloth."),
           zh=("旧衣物·旧布", "干净、干燥的衣物和布料。"),
           ko=("헌 옷·헌 천", "깨끗하고 마른 옷과 천입니다."),
           easy=("ふるい ふく・ぬの", "きれいで かわいた ふく や ぬの です。")),
    _entry("紙・布", "古紙・古布", "紙類・布類",
           en=("Paper and cloth", "Used paper, clean clothes and cloth. Tie paper in bundles by kind."),
           zh=("纸类·布类", "旧纸、干净的衣物和布料。纸类请按种类捆好。"),
           ko=("종이·천", "헌 종이, 깨끗한 옷과 천입니다. 종이는 종류별로 묶어 주세요."),
           easy=("かみ・ぬの", "ふるい かみ や、きれいな ふく・ぬの です。かみ は ひも で しばって ください。")),

    # --- kept apart: they can hurt someone or catch fire -------------------------------------------
    _entry("有害ごみ", "有害", "有害物", "有害ごみ類", "有害・危険ごみ", "危険・有害ごみ",
           en=("Hazardous waste", "Batteries, fluorescent tubes, thermometers and the like. Put them out apart from other waste."),
           zh=("有害垃圾", "电池、荧光灯管、体温计等。请与其他垃圾分开扔。"),
           ko=("유해 쓰레기", "건전지, 형광등, 체온계 등입니다. 다른 쓰레기와 따로 내놓아 주세요."),
           easy=("あぶない ごみ（ゆうがい ごみ）", "でんち、けいこうとう、たいおんけい など です。ほか の ごみ と わけて だして ください。")),
    _entry("危険ごみ", "危険物", "危険",
           en=("Dangerous waste", "Spray cans, lighters and other things that can catch fire. Use them up first."),
           zh=("危险垃圾", "喷雾罐、打火机等可能起火的物品。请用完后再扔。"),
           ko=("위험 쓰레기", "스프레이 캔, 라이터 등 불이 날 수 있는 물건입니다. 다 쓴 뒤 내놓아 주세요."),
           easy=("あぶない ごみ（きけん ごみ）", "スプレー かん や ライター など、ひ が でる かもしれない もの です。ぜんぶ つかって から だして ください。")),
    _entry("乾電池", "電池", "電池類",
           en=("Batteries", "Dry-cell batteries. Cover the ends with tape."),
           zh=("干电池", "干电池。请用胶带贴住两端。"),
           ko=("건전지", "건전지입니다. 양 끝을 테이프로 붙여 주세요."),
           easy=("でんち", "でんち です。はし を テープ で とめて ください。")),
    _entry("蛍光管", "蛍光灯", "蛍光灯・電球",
           en=("Fluorescent tubes", "Fluorescent tubes and lamps. Put them out unbroken."),
           zh=("荧光灯管", "荧光灯管、灯泡。请不要打碎。"),
           ko=("형광등", "형광등과 전구입니다. 깨지지 않게 내놓아 주세요."),
           easy=("けいこうとう", "けいこうとう や でんきゅう です。わらない で だして ください。")),
    _entry("スプレー缶", "スプレー缶・カセットボンベ", "カセットボンベ", "ガスボンベ",
           en=("Spray cans and gas canisters", "Spray cans and cassette gas canisters. Use them up completely first."),
           zh=("喷雾罐·卡式气罐", "喷雾罐和卡式炉气罐。请完全用完后再扔。"),
           ko=("스프레이 캔·부탄가스", "스프레이 캔과 부탄가스 통입니다. 완전히 다 쓴 뒤 내놓아 주세요."),
           easy=("スプレー かん・ガス ボンベ", "スプレー かん と ガス ボンベ です。ぜんぶ つかって から だして ください。")),

    # --- other kinds cities keep apart ---------------------------------------------------------
    _entry("金属類", "金属", "金属ごみ", "金物",
           en=("Metals", "Pots, pans, tools and other metal items."),
           zh=("金属类", "锅、工具等金属制品。"),
           ko=("금속류", "냄비, 프라이팬, 공구 등 금속 제품입니다."),
           easy=("きんぞく", "なべ や どうぐ など、きんぞく の もの です。")),
    _entry("小型家電", "小型家電製品",
           en=("Small electrical appliances", "Small appliances such as phones and hair dryers. Take out the batteries first."),
           zh=("小型家电", "手机、吹风机等小型电器。请先取出电池。"),
           ko=("소형 가전", "휴대전화, 드라이어 등 작은 가전제품입니다. 먼저 전지를 빼 주세요."),
           easy=("ちいさい でんき の もの", "けいたいでんわ や ドライヤー など です。でんち を とって ください。")),
    _entry("家電リサイクル", "家電4品目", "家電リサイクル品",
           en=("Home appliance recycling", "TVs, refrigerators, washing machines and air conditioners. "
                                          "They are not collected as garbage; ask the shop or see the city's guide."),
           zh=("家电回收", "电视机、冰箱、洗衣机、空调。不能作为垃圾扔出，请咨询商店或查看市政府的指南。"),
           ko=("가전 재활용", "TV, 냉장고, 세탁기, 에어컨입니다. 쓰레기로 내놓을 수 없으니 가게에 문의하거나 시의 안내를 확인해 주세요."),
           easy=("かでん リサイクル", "テレビ、れいぞうこ、せんたくき、エアコン です。ごみ には だせません。みせ に そうだん して ください。")),
    _entry("埋立ごみ", "埋め立てごみ", "埋立",
           en=("Landfill waste", "Waste that goes to landfill, such as ceramics and glass. " + _DANGER_EN),
           zh=("填埋垃圾", "陶瓷、玻璃等填埋处理的垃圾。" + _DANGER_ZH),
           ko=("매립 쓰레기", "도자기, 유리 등 매립하는 쓰레기입니다. " + _DANGER_KO),
           easy=("うめたてる ごみ", "せともの や ガラス など、うめたてる ごみ です。" + _DANGER_EASY)),
    _entry("ガラス・陶磁器", "ガラス・陶器", "陶磁器・ガラス", "ガラス・陶磁器類", "われもの",
           en=("Glass and ceramics", "Glasses, dishes and other glass or ceramic items. " + _DANGER_EN),
           zh=("玻璃·陶瓷", "玻璃杯、餐具等玻璃或陶瓷制品。" + _DANGER_ZH),
           ko=("유리·도자기", "컵, 그릇 등 유리나 도자기 제품입니다. " + _DANGER_KO),
           easy=("ガラス・せともの", "コップ や さら など です。" + _DANGER_EASY)),
    _entry("生ごみ", "厨芥",
           en=("Food waste", "Kitchen scraps and leftover food. Drain them well."),
           zh=("厨余垃圾", "厨房垃圾和剩饭菜。请充分沥干水分。"),
           ko=("음식물 쓰레기", "음식물 찌꺼기와 남은 음식입니다. 물기를 잘 빼 주세요."),
           easy=("なまごみ（たべもの の ごみ）", "たべもの の ごみ です。みず を よく きって ください。")),
    _entry("枝・草", "草・枝", "剪定枝", "せん定枝", "草・木", "木・草", "草木", "枝葉",
           en=("Branches and grass", "Garden waste such as branches, grass and leaves. Tie branches in bundles."),
           zh=("树枝·杂草", "树枝、杂草、落叶等庭院垃圾。树枝请捆好。"),
           ko=("나뭇가지·풀", "나뭇가지, 풀, 낙엽 등 정원 쓰레기입니다. 나뭇가지는 묶어 주세요."),
           easy=("き の えだ・くさ", "き の えだ、くさ、おちば です。えだ は ひも で しばって ください。")),
    _entry("破砕ごみ",
           en=("Waste for crushing", "Non-burnable items that are crushed before disposal. " + _GUIDE_EN),
           zh=("破碎垃圾", "处理前需要破碎的不可燃物品。" + _GUIDE_ZH),
           ko=("파쇄 쓰레기", "처리 전에 부수는 타지 않는 물건입니다. " + _GUIDE_KO),
           easy=("くだく ごみ", "くだいて から しょり する、もえない もの です。" + _GUIDE_EASY)),

    # --- kinds with no collection day (5374's target.csv) ----------------------------------------
    _entry("市で収集しない", "収集しないもの", "収集できないもの", "市で収集できないもの", "市では収集しないもの",
           en=("Not collected by the city", "The city's collection does not take these. "
                                           "Ask the shop you bought them from or a disposal company."),
           zh=("市政府不收集", "市政府的垃圾收集不接收这些物品。请咨询购买的商店或专业处理公司。"),
           ko=("시에서 수거하지 않음", "시의 쓰레기 수거로는 내놓을 수 없습니다. 구입한 가게나 전문 처리업체에 문의해 주세요."),
           easy=("し が あつめない もの", "し の ごみ の しゅうしゅう には だせません。かった みせ や せんもん の かいしゃ に そうだん して ください。")),
    _entry("有料戸別収集", "戸別収集",
           en=("Paid collection from your home", "There is no fixed collection day. "
                                                "It is collected from your home for a fee when you apply; see the city's guide."),
           zh=("收费上门收集", "没有固定的收集日。申请后收费上门收集，详情请查看市政府的指南。"),
           ko=("유료 방문 수거", "정해진 수거일이 없습니다. 신청하면 유료로 집까지 수거하러 옵니다. 시의 안내를 확인해 주세요."),
           easy=("おかね を はらって とりに きて もらう ごみ", "きまった ひ は ありません。もうしこむ と、おかね を はらって いえ まで とりに きて もらえます。")),
)


def _key(name: str) -> str:
    return _SEPARATORS.sub("・", kana.normalize(name))


_BY_NAME: dict[str, Entry] = {_key(name): entry for entry in ENTRIES for name in entry.names}


@lru_cache(maxsize=1024)
def find(name: str) -> Entry | None:
    """The glossary's entry of a Japanese category name, or None."""
    return _BY_NAME.get(_key(name))


def translation(names: Iterable[str], language: str) -> CategoryTranslation | None:
    """The glossary's text in `language` of the first of `names` it knows (a label, then a key)."""
    for name in names:
        entry = find(name)
        if entry is not None:
            return entry.translation(language)
    return None
