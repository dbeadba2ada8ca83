"""Chinese personal names, account nicknames and the templated names of brushing accounts."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.formats import padded, pick, random_tokens

# The most common surnames with their approximate share of the population (2020 census order).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_TOP_SHARES = [
    7.2,
    7.0,
    6.7,
    5.3,
    4.5,
    3.1,
    2.0,
    2.0,
    2.0,
    1.7,
    1.4,
    1.4,
    1.3,
    1.2,
    1.2,
    1.2,
    1.1,
    1.0,
    1.0,
    0.9,
]
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红文辉力建国志海波斌宇浩凯鹏飞鑫鹤晨阳琳雪梅兰"
    "丹颖婷倩欣怡佳慧晶瑶璐子涵梓轩博文思远雨萱若曦嘉怡俊杰浩然一鸣天佑晓峰振宇家豪诗琪梦瑶欣妍"
)
NICK_ADJECTIVES = (
    "开心",
    "快乐",
    "安静",
    "可爱",
    "勇敢",
    "温柔",
    "阳光",
    "淡定",
    "自由",
    "机智",
    "佛系",
    "努力",
)
NICK_NOUNS = ("小猫", "柚子", "西瓜", "星星", "月亮", "小熊", "蘑菇", "海豚", "橙子", "麦兜", "兔子", "奶茶")
PINYIN = (
    "xiao",
    "mei",
    "li",
    "wang",
    "zhang",
    "chen",
    "yu",
    "hao",
    "jia",
    "ming",
    "lin",
    "yan",
    "tian",
    "le",
)
RING_TEMPLATES = ("好物分享", "user", "买家", "tb_shop", "vip_buyer", "福利官")


def surname_weights() -> np.ndarray:
    n = len(SURNAMES)
    tail = np.full(n - len(_TOP_SHARES), (100 - sum(_TOP_SHARES) - 15) / (n - len(_TOP_SHARES)))
    weights = np.concatenate([_TOP_SHARES, tail])
    return weights / weights.sum()


def person_names(n: int, rng: np.random.Generator) -> pa.Array:
    """n Chinese full names: a common surname and one or two given-name characters."""
    surnames = pick(list(SURNAMES), rng.choice(len(SURNAMES), size=n, p=surname_weights()))
    chars = [*GIVEN_CHARS, ""]
    first = pick(chars, rng.integers(0, len(GIVEN_CHARS), n))
    # 70% two-character given names; the empty string at the end stands for "no second character".
    second_index = np.where(rng.random(n) < 0.7, rng.integers(0, len(GIVEN_CHARS), n), len(GIVEN_CHARS))
    return pc.binary_join_element_wise(surnames, first, pick(chars, second_index), "")


def nicknames(n: int, rng: np.random.Generator) -> pa.Array:
    """Account display names as buyers choose them: 开心的柚子86, xiaomei1993, or a random handle."""
    kind = rng.random(n)
    adjective = pick(NICK_ADJECTIVES, rng.integers(0, len(NICK_ADJECTIVES), n))
    noun = pick(NICK_NOUNS, rng.integers(0, len(NICK_NOUNS), n))
    digits = pc.cast(pa.array(rng.integers(1, 10_000, n)), pa.string())
    chinese = pc.binary_join_element_wise(adjective, "的", noun, digits, "")
    a = pick(PINYIN, rng.integers(0, len(PINYIN), n))
    b = pick(PINYIN, rng.integers(0, len(PINYIN), n))
    year = pc.cast(pa.array(rng.integers(1965, 2008, n)), pa.string())
    pinyin = pc.binary_join_element_wise(a, b, year, "")
    handle = pc.binary_join_element_wise("u_", pa.array(random_tokens(n, 9, rng)), "")
    return pc.if_else(pa.array(kind < 0.5), chinese, pc.if_else(pa.array(kind < 0.8), pinyin, handle))


def ring_account_names(ring_of: np.ndarray, seq: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """Templated, sequential names of the fresh accounts of brushing ring members: 好物分享07, user2611..."""
    n_rings = int(ring_of.max()) + 1 if len(ring_of) else 0
    template = rng.integers(0, len(RING_TEMPLATES), n_rings)
    base = rng.integers(0, 90, n_rings)  # rings rarely start at 1
    number = padded(base[ring_of] + seq + 1, 2 if rng.random() < 0.5 else 3)
    return pc.binary_join_element_wise(pick(RING_TEMPLATES, template[ring_of]), number, "")
