## Nudges, period summaries, escalation, crisis alerts, follow-ups and /away.

nudge-header = 📋 <b>工作提醒</b>
nudge-log = 记录{ $rule }
nudge-snooze = 明天再提醒
nudge-mute = 本期不再提醒
nudge-snoozed = 好的，明天再提醒「{ $rule }」。
nudge-muted = 好的，本期不再提醒「{ $rule }」。

closed-month = 上月
closed-quarter = 上季度
closed-term = 上学期
closed-spring_term = 上个春季学期
closed-year = 上学年
close-title = 📊 <b>{ $period }工作小结</b>（{ $span }）
close-college-title = 📊 <b>学院{ $period }工作小结</b>（{ $span }）
close-tally = 完成 { $met } 项，未完成 { $missed } 项
close-missed = { $rule }（{ $id }）：{ $done }/{ $target }
close-college-person = • { $name }：未完成 { $missed } 项
escalate-text = ⚠️ <b>连续未完成</b>：{ $name } 已连续两个周期未完成「{ $rule }」（{ $id }）。

crisis-title = 🚨 <b>危机预警</b>
crisis-repeat = 🚨 <b>危机预警（尚无人确认）</b>
crisis-who = 记录人：{ $name }，时间：{ $time }
crisis-class = 班级：{ $cls }
crisis-students = 学生：{ $names }
crisis-ack = 已知悉
crisis-acked = ✅ { $name } 已知悉你记录的危机情况。
crisis-ack-done = 已确认，预警不再重复。
crisis-ack-already = 已有人确认过此预警。

followup-header = 🔔 <b>今日跟进</b>
followup-line = • { $kind }（{ $day }）：{ $names }
followup-talk = 与 { $name } 谈话

help-away = /away 开始日期 [结束日期] — 登记请假/出差，这些天不发提醒
help-assess = /assess — 年度考核：本人结果、自评与述职草稿（学院领导：全院结果）
command-away = 请假/出差（不提醒）
away-usage = 用法：/away 开始日期 [结束日期]，例如 /away 12-01 12-05；/away 查看；/away clear 取消。
away-order = 结束日期早于开始日期。
away-too-long = 一次最多登记 180 天。
away-set = 已登记 { $start } 至 { $end } 不在岗，这些天不发提醒。
away-cleared = 已取消今天起的请假/出差登记。
away-none = 没有登记的请假/出差。
away-title = 请假/出差：
