# 通用
access-ask-admin = 您好！本助手仅供已登记的辅导员、班主任和学院领导使用。如需使用，请向学院管理员申请邀请链接。
error-internal = 抱歉，处理时出了问题，已记录。请稍后再试；如果刚才是在记一条记录，可先用 /history 查看它是否已保存。
unknown-input = 没有理解您的输入。发送 /log 记录工作，/me 查看进度，/help 查看全部命令。
error-button-stale = 这个按钮已失效，请重新开始。
form-step-gone = 这一步已经过去了

role-counselor = 辅导员
role-head_teacher = 班主任
role-leader = 学院领导
role-admin = 管理员
role-academic_staff = 教务员
role-department = 职能部门
role-separator = {"、"}
role-none = 未分配角色

start-welcome = 欢迎您，{ $name }！您的身份：{ $roles }{ $college }。
start-pre-service = 岗前培训：新任辅导员上岗前应参加不少于 { $target } 个学时的岗前培训（{ $article }）。目前记录的岗前培训为 { $done } 学时，只计任职起始日期当天及以前的学时。请用 /log 补记已参加的培训。
start-college = （{ $college }）
help-title = <b>可用命令</b>
help-log = /log — 记录一项工作（谈心谈话、走访宿舍、班会……）
help-shortcuts = /talk 学号 [日期] [备注]、/dorm 楼栋 房间 [日期] [备注]、/meeting 班级 [日期] [主题] — 一行快速记录
help-me = /me — 查看本周、本月、本学期、本学年的完成进度
help-cancel = /cancel — 随时取消当前操作
help-lang = /lang en — Switch to English

lang-usage = 用法：/lang zh（中文）或 /lang en（English）
lang-set = 已切换为中文。

command-log = 记录一项工作
command-talk = 快速记录谈心谈话
command-dorm = 快速记录走访宿舍
command-meeting = 快速记录班会
command-me = 我的完成进度
command-history = 最近的记录
command-help = 帮助
command-cancel = 取消当前操作
command-lang = 切换语言

# 记录对话
log-nothing-for-role = 您的角色目前没有需要在这里记录的工作。
log-choose-kind = 请选择要记录的工作：
log-saved = 已保存。
log-cancelled = 已取消，未保存任何内容。
log-timeout = 已超过 10 分钟没有操作，本次记录已取消，未保存任何内容。请发送 /log 重新开始。
confirm-title = 请核对以下内容，确认后保存：
confirm-use-buttons = 请点击“确认保存”或“取消”。
value-skipped = （未填）

button-confirm = ✅ 确认保存
button-back = ⬅️ 上一步
button-cancel = ✖️ 取消
button-skip = 跳过
button-done = 完成

date-today = 今天
date-yesterday = 昨天
date-before = 前天
answer-yes = 是
answer-no = 否

prompt-student = 请输入学生的学号，或姓名中的几个字：
prompt-class = 请选择班级，或输入班级名称：
prompt-dorm = 请选择宿舍，或输入楼栋和房间（例如：7号楼 312）：
prompt-date = 请选择日期，或输入日期（例如：3月12日、3-12、2026-03-12）：
prompt-choice = 请选择：
prompt-text = 请输入：
prompt-number = 请输入数字：
prompt-note = 请输入备注（最多 2000 字），或点击“跳过”：
prompt-bool = 请选择：
prompt-talk-subtype = 谈话类型：
prompt-talk-follow_up_on = 需要跟进吗？请输入跟进日期（例如：下周的 3月19日），或点击“跳过”：
prompt-talk-crisis = 是否属于危机情况？（选“是”将第一时间报告学院领导）
prompt-dorm_visit-findings = 走访发现（可多选，选好后点“完成”）：
prompt-dorm_visit-crisis = 是否属于危机情况？（选“是”将第一时间报告学院领导）
prompt-class_meeting-subtype = 活动类型：
prompt-class_meeting-theme = 请输入班会或活动的主题：
prompt-class_meeting-attendance = 出勤人数（可跳过）：

field-student = 学生
field-class = 班级
field-dorm = 宿舍
field-subtype = 类型
field-theme = 主题
field-occurred_on = 日期
field-note = 备注
field-follow_up_on = 跟进日期
field-crisis = 危机情况
field-findings = 走访发现
field-attendance = 出勤人数
field-hours = 学时

student-pick = 找到多名学生，请选择：
student-too-many = （仅显示前 { $limit } 名，请输入更完整的姓名或学号）
class-pick = 找到多个班级，请选择：

error-empty-text = 内容不能为空，请重新输入。
error-text-too-long = 内容过长：最多 { $limit } 字，您输入了 { $length } 字。请删减后重新发送。
error-date-invalid = 日期不存在（例如 2 月没有 30 日），请重新输入。
error-date-unreadable = 无法识别日期。请输入如 2026-03-12、3-12、3月12日、今天、昨天、前天。
error-date-future = 日期不能晚于今天，请重新输入。
error-date-too-old = 只能补记 30 天以内的工作，请重新输入日期；更早的记录请联系学院管理员。
error-date-not-future = 跟进日期需要在今天之后，请重新输入。
error-date-too-far = 跟进日期不能超过一年，请重新输入。
error-number = 请输入 { $low } 到 { $high } 之间的数字。
error-dorm-unreadable = 无法识别宿舍，请按“楼栋 房间”输入，例如：7号楼 312。
error-use-buttons = 请点击下方按钮选择。
error-choose-one = 请至少选择一项，再点“完成”。
error-student-unknown = 没有找到学号或姓名为“{ $query }”的学生，请检查后重新输入。
error-student-not-yours = 学生“{ $query }”不在您负责的班级中，无法记录。请确认学号，或联系学院管理员调整分工。
error-class-not-yours = “{ $query }”不是您负责的班级，请从按钮中选择。

shortcut-ambiguous = “{ $query }”匹配到多名学生，请输入完整学号，或使用 /log 逐步选择。
shortcut-usage-talk = 用法：/talk 学号 [日期] [备注]，例如：/talk 2024001 昨天 了解学业情况
shortcut-usage-dorm_visit = 用法：/dorm 楼栋 房间 [日期] [备注]，例如：/dorm 7号楼 312 今天
shortcut-usage-class_meeting = 用法：/meeting 班级 [日期] [主题]，例如：/meeting 机械2401班 3月12日 诚信考试

# 进度
period-week = 本周
period-month = 本月
period-quarter = 本季度
period-term = 本学期
period-spring_term = 本春季学期
period-year = 本学年
period-five_years = 五年内
period-once = 入职前
progress-count = { $period }{ $rule } { $done }/{ $target }
progress-count-class = { $period }{ $cls }{ $rule } { $done }/{ $target }
progress-hours = { $period }{ $rule } { $done }/{ $target } 学时
progress-trips = { $period }{ $rule } { $done }/{ $target } 次
progress-percent = { $period }{ $rule } { $done }%（目标 { $target }%）
progress-coverage = { $period }{ $rule }覆盖 { $done }/{ $target } 名学生
progress-unit-times = 次
progress-unit-hours = 学时
progress-left = （还差 { $remaining } { $unit }，剩 { $days } 天）
progress-left-due = （还差 { $remaining } { $unit }，{ $end } 截止，剩 { $days } 天）
progress-left-until = （还差 { $remaining } { $unit }，{ $end } 截止）
progress-due = （{ $end } 截止，剩 { $days } 天）
progress-until = （{ $end } 截止）
status-met = 已完成
status-on_track = 进度正常
status-at_risk = 有风险
status-behind = 落后
status-missed = 未完成
status-not_applicable = 不适用

me-title = <b>{ $name } 的完成进度</b>
me-nothing = 当前没有需要您完成的定额任务。
me-urgent-title = 需要处理（{ $count } 项，最紧急的在前）：
me-urgent-more = 另有 { $count } 项需要处理，见「查看全部」。
me-urgent-none = 目前没有落后或有风险的任务。
me-rest = 其余 { $count } 项进度正常（其中已完成 { $met } 项）。
me-all-button = 查看全部
me-missing-button = 查看{ $rule }尚未覆盖的 { $count } 名学生
me-missing-title = { $rule }尚未覆盖的学生（共 { $count } 名），点击姓名开始记录谈话：
me-missing-more = 另有 { $count } 名未显示，可直接用 /talk 学号 记录。
me-missing-none = 已全部覆盖。

history-empty = 您还没有任何记录。发送 /log 开始记录。
history-title = <b>最近 { $count } 条记录</b>
history-undo = ↩️ 撤销最新一条
history-undone = 已撤销：{ $day } { $kind }。此操作已记入审计日志。
history-undo-refused = 无法撤销：只能撤销 24 小时内的最新一条记录。

# 工作类型（其余见 catalog.ftl）
menu-students = 学生谈话
menu-dorms = 宿舍
menu-classes = 班级
kind-talk = 谈心谈话
kind-dorm_visit = 走访宿舍
kind-class_meeting = 主题班会 / 班级活动
option-general = 一般谈话
option-deep = 深度谈话
option-academic_help = 学业帮扶
option-key_concern_deep = 重点关注深谈
option-cadre_talk = 学生干部谈话
option-normal = 正常
option-appliance = 违规电器
option-hygiene = 卫生问题
option-absent_night = 夜不归宿
option-other = 其他
option-theme_meeting = 主题班会
option-league_life = 团组织生活
option-collective_activity = 班级集体活动
option-study_exchange = 学习经验交流专题班会
option-study_method = 学习方法指导专题班会

# 名单导入
upload-too-big = 文件超过 5 MB，请拆分后分批发送。
upload-more-errors = ……另有 { $count } 处错误未列出。
upload-confirm = ✅ 确认导入
upload-cancelled = 已取消导入，未做任何修改。

# 待办与规则
todo-title = <b>最紧迫的事项</b>（按落后进度排序）：
todo-nothing = 目前没有落后的任务，保持下去！
todo-log = 记录：{ $rule }
rules-title = <b>适用于您的 { $count } 条工作要求</b>（编号对应制度条款）：
rules-target = { $period }至少 { $target }
rules-college-choice = （原文未规定次数：次数由学院决定）
rules-nothing = 目前没有适用于您的定额要求。
rules-vacation-pause = （寒暑假暂停）
rules-all-year = （寒暑假照常）
rules-exam-pause = （考试周不计）
rules-paused-months = 按月的要求：本学年不计的月份（教学日不足 { $days } 天，考试周计入；fudao 的理解，原文未规定）：{ $months }。其余月份照常要求，包括学期末考试所在的月份。
rules-window-weeks = （只计第 { $start }–{ $end } 教学周）
rules-window-first = （只计学期前 { $weeks } 周）
rules-window-last = （只计学期最后 { $weeks } 周）
rules-window-last-next = （计学期最后 { $weeks } 周至下学期第 { $next } 教学周）
rules-note = 　说明：{ $note }
rules-month = { $year } 年 { $month } 月
rules-month-separator = 、
rules-none = 无
rules-local-pass-line = 年度考核：总分低于 { $line } 分为基本合格（学校文件未规定，本校设定）。
command-todo = 最紧迫的 5 件事
command-rules = 适用于我的工作要求
help-todo = /todo — 最紧迫的 5 件事；/rules — 适用于您的全部要求及制度条款
