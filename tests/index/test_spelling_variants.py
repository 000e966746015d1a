"""Every Persian spelling variant of a query gives the same top 5 (the real model, the demo corpus)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

VARIANT_SETS = [
    ["همکاری‌های بین‌المللی", "همکاریهای بینالمللی", "همکاری های بین المللی", "همكاري‌هاي بين‌المللي"],
    ["شرکت‌های دانش‌بنیان", "شرکتهای دانشبنیان", "شرکت های دانش بنیان", "شركت‌هاي دانش‌بنيان"],
    ["فناوری‌های نوین در دیپلماسی علم", "فناوریهای نوین در دیپلماسی علم", "فناوری های نوین در دیپلماسی علم"],
    ["نشست متخصصان بازگشته در سال ۱۴۰۲", "نشست متخصصان بازگشته در سال 1402", "نشست متخصصان بازگشته در سال ١٤٠٢"],
    ["خانه نوآوری آی‌هیت", "خانه نوآوری آیهیت", "خانه نوآوری آی هیت"],
    ["ANSO و آکادمی علوم چین", "ANSO و آكادمي علوم چين", "ANSO و آکادمی‌ علوم چین"],
]  # fmt: skip


@pytest.mark.parametrize("variants", VARIANT_SETS, ids=lambda variants: variants[0])
@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_spelling_variants_give_the_same_top_five(demo_kavosh, variants, mode):
    tops = {variant: [hit.chunk_id for hit in demo_kavosh.search(variant, k=5, mode=mode).results]
            for variant in variants}
    first = tops[variants[0]]
    assert len(first) == 5
    assert all(top == first for top in tops.values()), tops
