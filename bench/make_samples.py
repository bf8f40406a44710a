#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make_samples.py - writes the HTML sample pages of samples/ (and bench/warc-pages/).

The pages are fictional news written for souwen. Each is written in the
charset it demonstrates: UTF-8, GBK bytes, Big5 bytes, a page whose <meta>
says gb2312 but whose bytes are UTF-8, and a channel front page with lists
only. bench/warc-pages/ holds a GBK page with no charset declaration, which
only the sample WARC carries (its HTTP header names the charset).
Run from the repository root; commit the bytes it writes.
"""
import os


def page(url, title, site, h1, meta_cs, date, source, paras, lists):
    ps = "\n".join(f"      <p>{p}</p>" for p in paras)
    ls = ""
    for heading, items in lists:
        lis = "\n".join(
            f'        <li><a href="{u}">{t}</a> <span class="src">{s}</span> <span class="time">{tm}</span></li>'
            if s else f'        <li><a href="{u}">{t}</a></li>' for (t, u, s, tm) in items)
        ls += f'    <div class="box">\n      <h3>{heading}</h3>\n      <ul>\n{lis}\n      </ul>\n    </div>\n'
    meta = f'  <meta charset="{meta_cs}">\n' if meta_cs else ''
    art = ""
    if h1:
        art = f'''    <div class="article">
      <h1>{h1}</h1>
      <div class="info"><span>{date}</span> 来源：{source}</div>
      <div class="content">
{ps}
      </div>
      <div class="share">分享到：<a href="#">微博</a> <a href="#">微信</a></div>
    </div>
'''
    return f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}  <title>{title}</title>
  <link rel="canonical" href="{url}">
  <style>.nav a {{ margin: 0 4px; }}</style>
  <script>var pv = "page-view counter, not text";</script>
</head>
<body>
  <div class="nav"><a href="/">首页</a> <a href="/news/">新闻</a> <a href="/keji/">科技</a> <a href="/caijing/">财经</a></div>
  <div class="main">
{art}{ls}  </div>
  <div class="footer">版权所有 2026 {site} 京ICP备00000000号</div>
</body>
</html>
'''


F_URL = "https://www.example-xinghe.cn/keji/2026/0203/qlzn.html"
G_URL = "https://finance.example-hairong.com.cn/2026/0203/tyxd.html"
H_URL = "https://news.example-taibei.com.tw/2026/02/03/dianche.html"
I_URL = "https://www.example-linjiang.cn/shehui/2026/0203/laoxiao.html"
K_URL = "https://www.example-yunfan.cn/keji/2026/0203/jiqiren.html"
YL_URL = "https://www.example-xinghe.cn/keji/2026/0202/yeleng.html"
WRJ_URL = "https://www.example-yunfan.cn/keji/2026/0202/wurenji.html"
LZ = "量子计算原型机完成百比特纠错实验 科研团队称三年内走向实用"

f = page(F_URL, LZ + "_星河科技网", "星河科技网", LZ, "utf-8", "2026-02-03 10:20:00", "星河科技日报",
  ["2月3日，江南量子信息研究院宣布，其自主研制的超导量子计算原型机“星河二号”完成了一百个量子比特的纠错实验，逻辑错误率比上一代下降了一个数量级。",
   "研究院负责人介绍，纠错是量子计算走向实用的关键一步。此次实验连续运行七十二小时，系统稳定性达到预期目标，相关论文已提交国际期刊评审。",
   "业内人士认为，量子计算与人工智能的结合将带来新的算力增长点，但距离大规模商用仍有工程难题需要解决。"],
  [("相关推荐", [("城市数据中心全面改用液冷 能耗下降三成", YL_URL, "星河科技日报", "2026-02-02 16:40"),
                ("家用服务机器人销量翻番 养老陪护成新需求", K_URL, "云帆网", "2026-02-03 08:30"),
                ("春节前出口订单回暖 沿海港口集装箱吞吐量创新高", G_URL, "海融财经", "2026-02-03 09:05")])])

g = page(G_URL, "春节前出口订单回暖 沿海港口集装箱吞吐量创新高-海融财经", "海融财经",
  "春节前出口订单回暖 沿海港口集装箱吞吐量创新高", "gbk", "2026年2月3日 09:05", "海融财经",
  ["海关总署最新数据显示，1月份沿海主要港口集装箱吞吐量同比增长百分之十一，创下同期新高。多家外贸企业表示，春节前的出口订单明显回暖。",
   "在东南沿海的一家家电企业，生产线已经连续三周满负荷运转。企业负责人说，今年的海外订单主要来自东南亚和中东市场，交货期已经排到三月底。",
   "分析人士指出，外需回暖叠加稳外贸政策发力，一季度出口有望保持平稳增长，但仍需关注海运价格波动带来的成本压力。"],
  [("财经要闻", [(LZ, F_URL, "星河科技日报", "2026-02-03 10:20"),
                ("央行开展逆回购操作 市场流动性保持合理充裕", "https://finance.example-hairong.com.cn/2026/0203/nhg.html", "海融财经", "2026-02-03 09:30"),
                ("新能源汽车一月销量同比增长四成 出口表现亮眼", "https://finance.example-hairong.com.cn/2026/0202/xny.html", "海融财经", "2026-02-02 17:10")])])

h = page(H_URL, "電動機車換電站突破三千座 都會區通勤族使用率攀升 | 台北新聞網", "台北新聞網",
  "電動機車換電站突破三千座 都會區通勤族使用率攀升", "big5", "2026/02/03 11:45", "台北新聞網",
  ["交通主管機關今天公布統計，全台電動機車換電站已突破三千座，都會區通勤族的使用率持續攀升，平均每站每日換電次數比去年增加兩成。",
   "業者表示，換電網路的密度是消費者選購電動機車的重要考量。未來一年將在偏鄉與觀光景點增設站點，並導入人工智能預測各站電池需求。",
   "學者提醒，電池回收與電網負載仍是必須面對的課題，政府應儘速建立完整的回收制度。"],
  [("熱門新聞", [("量子計算原型機完成百比特糾錯實驗", "https://news.example-taibei.com.tw/2026/02/03/liangzi.html", "台北新聞網", "2026-02-03 10:50"),
               ("春節連假高鐵加開班次 訂票系統今起開放", "https://news.example-taibei.com.tw/2026/02/03/gaotie.html", "台北新聞網", "2026-02-03 09:00"),
               ("半導體設備出口創新高 第一季展望樂觀", "https://news.example-taibei.com.tw/2026/02/02/bandaoti.html", "台北新聞網", "2026-02-02 18:20")])])

i = page(I_URL, "老旧小区加装电梯提速 今年计划完成两百部_临江晚报", "临江晚报",
  "老旧小区加装电梯提速 今年计划完成两百部", "gb2312", "2026-02-03 08:00", "临江晚报",
  ["记者从临江市住房和城乡建设局获悉，今年全市计划为老旧小区加装电梯两百部，比去年翻一番，重点覆盖六层以下、老年住户比例高的楼栋。",
   "为了解决居民意见难统一的问题，各街道将推行“一梯一议”的协商机制，并由社区工作者上门解释补贴政策。已经完成加装的小区，居民满意度超过九成。",
   "这一页面的元数据声明为GB2312编码，实际保存为UTF-8，souwen仍能正确读出。"],
  [("往期回顾", [("临江市地铁三号线北延段开通试运营", "https://www.example-linjiang.cn/shehui/2026/0201/ditie.html", "临江晚报", "2026-02-01 18:30"),
               ("社区食堂覆盖全部街道 老人就餐更方便", "https://www.example-linjiang.cn/shehui/2026/0130/shitang.html", "临江晚报", "2026-01-30 12:00"),
               ("春节期间公园延长开放时间 新增灯会展区", "https://www.example-linjiang.cn/shehui/2026/0129/denghui.html", "临江晚报", "2026-01-29 15:20")])])
i = i.replace('<meta charset="gb2312">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')

j = page("https://www.example-yunfan.cn/keji/", "科技频道_云帆网", "云帆网", None, "utf-8", None, None, [],
  [("头条要闻", [(LZ, F_URL, "", ""),
                ("家用服务机器人销量翻番 养老陪护成新需求", K_URL, "", ""),
                ("城市数据中心全面改用液冷 能耗下降三成", YL_URL, "", ""),
                ("低空物流无人机开通跨江航线 半小时送达", WRJ_URL, "", "")]),
   ("24小时热文", [(LZ, F_URL, "星河科技日报", "2026-02-03 10:20"),
                  ("春节前出口订单回暖 沿海港口集装箱吞吐量创新高", G_URL, "海融财经", "2026-02-03 09:05"),
                  ("电动机车换电站突破三千座 都会区通勤族使用率攀升", H_URL, "台北新闻网", "2026-02-03 11:45")])])

k = page(K_URL, "家用服务机器人销量翻番 养老陪护成新需求_云帆网", "云帆网",
  "家用服务机器人销量翻番 养老陪护成新需求", None, "2026-02-03 08:30", "云帆网",
  ["据行业协会统计，去年国内家用服务机器人销量同比翻番，其中具备养老陪护功能的产品增长最快，占全部销量的三成以上。",
   "多家厂商推出了能够提醒服药、监测跌倒并与子女视频通话的新机型。业内人士认为，人口老龄化正在催生一个规模可观的新市场。",
   "这一页面只在WARC抓取文件中，字符集由HTTP响应头给出（GBK），页面本身没有声明。"],
  [("相关推荐", [(LZ, F_URL, "星河科技日报", "2026-02-03 10:20"),
                ("低空物流无人机开通跨江航线 半小时送达", WRJ_URL, "云帆网", "2026-02-02 14:00"),
                ("城市数据中心全面改用液冷 能耗下降三成", YL_URL, "星河科技日报", "2026-02-02 16:40")])])

for a, b in [("首页", "首頁"), ("新闻", "新聞"), ("财经", "財經"), ("版权所有", "版權所有"), ("来源", "來源"), ("京ICP备00000000号", "")]:
    h = h.replace(a, b)

open("samples/site-f-keji-liangzi.html", "w", encoding="utf-8").write(f)
open("samples/site-g-caijing-gbk.html", "wb").write(g.encode("gbk"))
open("samples/site-h-taibei-big5.html", "wb").write(h.encode("big5"))
open("samples/site-i-shehui-wrong-meta.html", "w", encoding="utf-8").write(i)
open("samples/site-j-keji-channel.html", "w", encoding="utf-8").write(j)
os.makedirs("bench/warc-pages", exist_ok=True)
open("bench/warc-pages/site-k-keji-jiqiren.html", "wb").write(k.encode("gbk"))
