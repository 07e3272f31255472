#!/usr/bin/env bash
# Records a quarter of sample progress on the 官渡区 2018 plan (plan 1, task ids = seq numbers,
# because `make demo` imports it first), so the demo reports have something to show.
set -euo pipefail
DUBAN=${DUBAN:-.build/debug/duban}
export DUBAN_DB=${1:?usage: demo-progress.sh DB}
u() { "$DUBAN" update "$@" --by 演示 > /dev/null; }

u 8  --unit 区委编办     --state 推进中 --percent 50 --note "权责清单调整方案已起草" --as-of 2018-07-20
u 12 --unit 区财政局     --state 已完成 --note "三公经费决算信息已补充公开" --evidence "http://www.kmgd.gov.cn/czyjs" --as-of 2018-08-30
u 18 --unit 区政务服务局 --state 持续推进 --note "公共资源交易信息按月公开" --as-of 2018-09-28
u 36 --unit 区政务服务局 --state 持续推进 --note "网上大厅运行情况已通报2次" --as-of 2018-09-25
u 37 --unit 区委编办     --state 推进中 --percent 70 --note "事项梳理完成七成" --as-of 2018-08-25
u 44 --unit 区政务服务局 --state 已完成 --note "一次办清单已公布" --as-of 2018-08-28
u 44 --unit 区委编办     --state 已完成 --note "配合完成清单审核" --as-of 2018-08-29
u 44 --unit 区发改局     --state 推进中 --note "投资类事项指南修订中" --as-of 2018-09-10
u 47 --unit 区政务服务局 --state 已完成 --note "督查调研报告已印发" --as-of 2018-08-31
u 51 --unit 区市场监管局 --state 推进中 --percent 80 --note "企业开办时间压缩至5个工作日" --as-of 2018-09-20
u 58 --unit 区科信局     --state 已完成 --note "完成3个网站整合" --as-of 2018-09-26
u 61 --unit 区政府办     --state 推进中 --note "培训方案已报批" --as-of 2018-09-15
u 63 --unit 区科信局     --state 推进中 --percent 30 --note "IPv6改造招标中" --as-of 2018-09-18
u 66 --unit 区科信局     --note "每日读网已开展，9月通报2次" --as-of 2018-09-30
u 74 --unit 区长热线办   --state 推进中 --percent 60 --note "已清理热线12条" --as-of 2018-09-20
u 78 --unit 区法制办     --state 持续推进 --note "依申请公开平台运转正常" --as-of 2018-09-30
u 91 --unit 区政府办     --state 推进中 --percent 40 --note "目录编制已完成初稿" --as-of 2018-09-21
u 92 --unit 环保         --state 暂缓 --note "等待上级制度规定出台" --as-of 2018-09-10
"$DUBAN" close 12 --as-of 2018-09-05 --by 演示 > /dev/null
"$DUBAN" return 47 --comment "请补充督查发现问题的整改清单" --as-of 2018-09-03 --by 演示 > /dev/null
"$DUBAN" extend 51 --unit 区市场监管局 --to 2018-11-30 --reason "需市级系统升级后才能压缩审批时间" --as-of 2018-09-25 --by 演示 > /dev/null
"$DUBAN" extend 61 --unit 区政府办 --to 2018-11-15 --reason "培训需与市级培训同步安排" --as-of 2018-09-28 --by 演示 > /dev/null
"$DUBAN" approve 2 --note "同意" --as-of 2018-09-29 --by 演示 > /dev/null
"$DUBAN" trigger 10 --date 2018-09-12 --by 演示 > /dev/null
echo "已录入演示进展：18 条报送、1 项办结、1 项退回、2 份延期申请（1 份已批准）、1 项触发。"
