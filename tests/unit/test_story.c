/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_story.c - the story signature: reprints are one story, different stories of one day are not.
 */
#include "check.h"
#include "story.h"

#include <stdlib.h>

/* Four paragraphs of one made-up story, and another story of the same day and opener. */
#define OPENER "星河网消息（晚间新闻）："
#define P1                                                                                                                                       \
    "临江市今天召开城市更新工作会议，提出今年将改造老旧小区一百二十个，加装电梯两百部，新建社区食" \
    "堂四十家。"
#define P2                                                                                                                                       \
    "会议指出，城市更新要坚持以人为本，先听居民意见再定方案，做到改造一片、满意一片，防止大拆大建" \
    "。"
#define P3 "据介绍，去年全市已完成八十个小区的改造，惠及居民三万余户，居民满意度调查结果超过九成。"
#define P4                                                                                         \
    "下一步，临江市还将出台配套的资金补贴和审批简化措施，鼓励社会资本参与老旧小区的长期运营。"
#define Q1                                                                                                                                       \
    "临江市今天发布春季植树计划，全市将新增绿地三百公顷，在沿江地带建设两条生态廊道和五座口袋公园" \
    "。"
#define Q2                                                                                         \
    "园林部门表示，今年植树将优先选用本地树种，并邀请市民通过认养方式参与，养护期不少于三年。"
#define Q3 "据介绍，去年全市新增绿地两百六十公顷，城市绿化覆盖率提高到百分之四十二。"

static sw_story_sig sign(const char *s) {
    sw_story_sig g;
    CHECK_INT(sw_story_sign(s, strlen(s), &g), 0);
    return g;
}

int main(void) {
#define STORY OPENER P1 "\n" P2 "\n" P3 "\n" P4
    const char *story = STORY;
    sw_story_sig a = sign(story);
    CHECK(sw_story_sketched(&a));
    CHECK(a.exact != 0);
    /* Punctuation, spacing, full-width and Latin case do not count; script does not either. */
    sw_story_sig b = sign(OPENER P1 P2 P3 P4);
    CHECK(b.exact == a.exact);
    sw_story_sig t = sign(
        "星河網消息（晚間新聞）：臨江市今天召開城市更新工作會議，提出今年將改造老舊小區一百二十個，"
        "加裝電梯兩百部，新建社區食堂四十家。\n" P2 "\n" P3 "\n" P4);
    CHECK(t.exact == a.exact);
    CHECK(sw_story_same(&a, &t));
    sw_story_sig w = sign("ＡＩ Model 2026");
    sw_story_sig w2 = sign("ai-model, 2026!");
    CHECK(w.exact == w2.exact);
    CHECK(!sw_story_sketched(&w));
    /* Reprints: the last paragraph dropped, an editor line and an ad paragraph added. */
    sw_story_sig d = sign(OPENER P1 "\n" P2 "\n" P3);
    CHECK(d.exact != a.exact);
    CHECK(sw_story_same(&a, &d));
    CHECK(sw_story_same(&d, &a));
    sw_story_sig e = sign(STORY "\n责任编辑：王某某\n下载星河新闻客户端，第一时间看临江新闻。");
    CHECK(sw_story_same(&a, &e));
    CHECK(sw_story_jaccard(&a, &a) == 1.0);
    CHECK(sw_story_containment(&a, &d) > 0.8);
    /* Another story of the same day with the same opener and closing words is not the same. */
    sw_story_sig o = sign(OPENER Q1 "\n" Q2 "\n" Q3);
    CHECK(!sw_story_same(&a, &o));
    CHECK(sw_story_jaccard(&a, &o) < 0.2);
    /* Short texts join only as exact copies. */
    sw_story_sig s1 = sign("临江市地铁三号线北延段今天开通试运营。"),
                 s2 = sign("临江市地铁三号线北延段今日开通试运营。");
    CHECK(!sw_story_sketched(&s1));
    CHECK(!sw_story_same(&s1, &s2));
    CHECK(sw_story_same(&s1, &s1));
    sw_story_sig empty = sign("，。！ \n");
    CHECK(empty.exact == 0 && empty.chars == 0);
    CHECK(!sw_story_same(&empty, &empty));
    /* Bands: identical sketches share every band; keys are never 0; pack/unpack round trips. */
    int shared = 0;
    for (int k = 0; k < SW_STORY_BANDS; k++) {
        CHECK(sw_story_band(&a, k) != 0);
        shared += sw_story_band(&a, k) == sw_story_band(&b, k);
    }
    CHECK_INT(shared, SW_STORY_BANDS);
    int near = 0;
    for (int k = 0; k < SW_STORY_BANDS; k++)
        near += sw_story_band(&a, k) == sw_story_band(&d, k);
    CHECK(near > 0);
    unsigned char packed[SW_STORY_HASHES * 4];
    sw_story_pack(&a, packed);
    sw_story_sig u = a;
    memset(u.min, 0, sizeof(u.min));
    sw_story_unpack(packed, &u);
    CHECK(memcmp(u.min, a.min, sizeof(a.min)) == 0);
    /* Invalid UTF-8 is skipped, never read past the end. */
    sw_story_sig bad = sign("\xE4\xB8");
    CHECK_INT(bad.chars, 0);
    return check_done();
}
