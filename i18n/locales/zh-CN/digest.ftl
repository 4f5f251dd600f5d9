# 周报（/digest 与每周一 08:00 的推送）
digest-title = <b>📋 { $college } 工作周报</b>
digest-week = { $start } 至 { $end }
digest-compliance-title = <b>定额完成情况</b>（括号内为较上周变化）
digest-college-line = <b>全院</b>（共 { $total } 项）：{ $counts }
digest-staff-line = { $person }：{ $counts }
digest-staff-rules = ；落后的要求：{ $rules }
digest-count = { $label } { $value }{ $delta }
digest-delta = （{ $delta }）
digest-separator = ，
digest-list-separator = 、
digest-coverage-line = { $person }：{ $gaps }
digest-more-in-attachment = ……另有 { $count } 条，完整名单见附件。
digest-rules-more = 等 { $count } 项
digest-behind-title = <b>最落后的 { $count } 人</b>
digest-person = { $name }（{ $roles }）
digest-college-total = 全院合计

digest-coverage-title = <b>学生覆盖不足（{ $count } 人）</b>
digest-coverage-C17 = 本学年谈心谈话 { $done }/{ $target }
digest-coverage-C18 = 本季度重点关注深谈 { $done }/{ $target }
digest-coverage-H04 = 本学期学业预警面谈 { $done }/{ $target }
digest-names = （{ $names }）
digest-names-more = 等，另有 { $count } 名

digest-conditions-title = <b>常设条件未满足</b>
digest-conditions-ok = 常设条件均已满足。
digest-condition-S01 = 班级 { $subject } 没有班主任（S01）
digest-condition-S01-many = 班级 { $subject } 有 { $value } 名班主任，应为 1 名（S01）
digest-condition-S02 = 辅导员 { $subject } 负责 { $value } 名学生，超过 1:{ $limit } 的配备标准（S02）
digest-condition-S05 = 班主任 { $subject } 带 { $value } 个班级，原则上应带 { $limit } 个自然班（S05）
digest-condition-S06 = 班级 { $subject } 的班主任任职不满 { $limit } 年即更换，聘期应不少于 { $limit } 年（S06）
digest-condition-S07 = 班主任 { $subject } 任职起始日期前没有培训记录，应先培训后上岗（S07）
digest-university-title = <b>全校常设条件未满足</b>
digest-condition-S03 = 本学年已有 { $value } 名辅导员离岗，占学年初辅导员总数 { $total } 名的 { $percent }%，超过 { $limit }% 的上限（S03）

digest-crises-title = <b>本周危机情况：{ $count } 起</b>（详情请向记录人了解）
digest-crisis = { $day } · { $place } · 记录人 { $staff }
digest-crisis-no-place = 未注明班级
digest-crises-none = 本周没有危机情况记录。

digest-unregistered = <b>尚未注册（{ $count } 人）</b>：{ $names }
digest-unreachable = <b>消息无法送达（{ $count } 人）</b>：{ $names }
digest-attachments = 完整名单见附件：表格按落后程度排序，列出每个人的每项要求；另附图表。
digest-filename = { $college }工作周报-{ $start }

digest-chart-title = { $college } 定额完成情况（{ $start } 至 { $end }）
digest-chart-staff = 每位教师（{ $shown } 人）
digest-chart-staff-more = 每位教师（显示 { $shown } 人，另有 { $hidden } 人见表格）
digest-chart-college = 全院：本周与上周
digest-chart-this-week = 本周
digest-chart-last-week = 上周
digest-chart-empty = 暂无需要完成的定额

digest-xlsx-overview = 概览
digest-xlsx-coverage = 学生覆盖
digest-xlsx-students = 未覆盖学生
digest-xlsx-staff = 教师
digest-xlsx-roles = 角色
digest-xlsx-total = 合计
digest-xlsx-last-week = 上周{ $status }
digest-xlsx-rule-id = 编号
digest-xlsx-rule = 工作要求
digest-xlsx-class = 班级
digest-xlsx-start = 开始日期
digest-xlsx-end = 结束日期
digest-xlsx-target = 要求
digest-xlsx-done = 已完成
digest-xlsx-remaining = 还差
digest-xlsx-days-left = 剩余天数
digest-xlsx-status = 状态
digest-xlsx-period = 周期
digest-xlsx-missing = 未覆盖
digest-xlsx-student-no = 学号
digest-xlsx-student = 姓名

digest-refused = 周报仅供学院领导和管理员查看。
digest-usage = 用法：/digest 查看本周周报；/digest 2026-11-09 查看该日所在一周的周报。管理员可加学院名称，例如：/digest 机电工程学院 2026-11-09
digest-future = 这一周还没有开始，请选择今天或之前的日期。
digest-unknown-college = 没有找到名为“{ $name }”的学院。可选：{ $names }
digest-choose-college = 请指定学院，例如：/digest { $example }。可选：{ $names }
digest-other-college = 您只能查看本学院（{ $college }）的周报。
digest-no-college = 您的账号尚未关联学院，请联系管理员。
digest-caption = { $college } { $start } 至 { $end }
command-digest = 学院工作周报

digest-period-week = 本周
digest-period-month = 本月
digest-period-quarter = 本季度
digest-period-term = 本学期
digest-period-spring_term = 本春季学期
digest-period-year = 本学年
digest-period-five_years = 五年内
digest-period-once = 入职前
digest-grade = { $grade }年级
help-digest = /digest [日期] — 学院工作周报（学院领导、管理员；管理员可加学院名称）
digest-calendar-ends = ⚠️ 校历只排到 { $end }：请在此前用 fudao calendar import 导入下一学年的校历。
digest-holidays-end = ⚠️ 法定节假日和调休数据只到 { $end }：请在此前用 fudao calendar import 导入下一年的安排。
