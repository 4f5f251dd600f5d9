# 年度考核（/assess、fudao assess）：《辅导员年度考核实施办法》与《班主任管理办法》第十二条、第十四条
command-assess = 年度考核结果
assess-grade-excellent = 优秀
assess-grade-qualified = 合格
assess-grade-basically_qualified = 基本合格
assess-grade-unqualified = 不合格
assess-grade-not_graded = 只评议不定等
assess-grade-pending = 暂不能定等
assess-grade-none = —

assess-why-A02-participation = 参评学生 { $participants } 人，不足包联学生 { $roster } 人的 50%，学生评价无效；须重新组织学生评价后才能定等（A02，U 考核 第六条(二)）
assess-why-A04-new_in_post = 自 { $since } 从事辅导员工作，至考核年度末未满 1 年，只进行工作评议，不参加等级评定（A04，U 考核 第七条(一)）
assess-why-A04-seconded = 派出或借调，考核年度在辅导员岗位仅 { $months } 个月，不足 5 个月，只进行工作评议（A04，U 考核 第七条(一)）
assess-why-A04-part_time = 兼职，参照评议：兼职辅导员参照本办法进行评议，不参加等级评定，不计入优秀名额基数（A04，U 考核 第三条）
assess-why-A04-leave = 因事、因病请假 { $months } 个月，超过 5 个月，只进行工作评议（A04，U 考核 第七条(一)）
assess-why-A06-finding = 学院认定的否决事项：{ $finding }，考核结果确定为不合格（A06，U 考核 第七条(三)）
assess-why-A06-student_score = 学生评价得分 { $score }，低于 60 分，考核结果确定为不合格（A06，U 考核 第七条(三)）
assess-why-A03-excellent = 总分在可评优秀者中最高之列，在优秀名额内：{ $scope ->
    [university] 全校
   *[college] 本学院
} { $graded } 人参加定等，优秀不超过 15%，即 { $cap } 名（A03，U 考核 第七条）
assess-why-A03-below_line = 总分低于 { $line } 分，为基本合格（学校文件未规定，本校设定）（A03，U 考核 第七条）
assess-why-A03-over_cap = 总分不低于 { $line } 分，为合格；优秀名额 { $cap } 名（{ $graded } 人的 15%，向下取整）已由{ $scope ->
    [university] 全校
   *[college] 本学院
}总分更高者占用{ $taken ->
    [0] {""}
   *[other] （其中 { $taken } 名为已发布学院的优秀，发布即为最终结果）
}（A03，U 考核 第七条）
assess-why-A03-final = 所在学院已发布，结果为最终结果，不再重新定等（A03，U 考核 第七条）
assess-why-A03-tie = 总分与他人并列于优秀名额边界；为不超过 { $cap } 名的上限，并列者均不定为优秀，为合格（A03，U 考核 第七条）
assess-why-A05-limited = 有不确定为优秀的情形，为合格（A05，U 考核 第七条(二)）
assess-why-A08-excellent = 学院考核得分在{ $scope ->
    [university] 全校
   *[college] 本学院
}班主任中最高之列，在优秀名额内：{ $graded } 人，优秀不超过 15%，即 { $cap } 名（A08，U 班主任 第十二条）
assess-why-A08-below_line = 学院考核得分低于 { $line } 分，为基本合格（学校文件未规定，本校设定；A08，U 班主任 第十二条）
assess-why-A08-over_cap = 得分不低于 { $line } 分，为合格；优秀名额 { $cap } 名已由得分更高者占用（A08，U 班主任 第十二条）
assess-why-A08-tie = 得分与他人并列于优秀名额边界；为不超过 { $cap } 名的上限，并列者均不定为优秀（A08，U 班主任 第十二条）
assess-why-A08-aid_error = 在学生贫困认定、助学金评定等工作中出现重大失误，不予评优，为合格（A08，U 班主任 第十四条）
assess-why-A08-head_fail = 学院考核得分低于 { $fail } 分，为不合格（学校文件未规定，本校设定；A08）
assess-limit-A05-missed_training = 无故不参加辅导员业务培训或工作会议
assess-limit-A05-missed_duty = 无故缺勤学生工作值班或专项任务
assess-limit-A05-days_away = 全年累计离岗 { $days } 天（{ $limit } 天及以上不得评为优秀）
assess-limit-A05-punished = 包联学生受记过及以上处分 { $punished }/{ $roster } 人，高于 2%
assess-limit-A08-aid_error = 资助工作重大失误，不予评优
assess-outcome-reminder_talk = 学院和学生工作部对其提醒谈话
assess-outcome-no_title_promotion_next_year = 取消次年专业技术职务评聘资格
assess-outcome-removed_from_post = 调离辅导员工作岗位
assess-outcome-not_renewed = 不得续聘班主任岗位

assess-rule-A01 = 总分 = 自评×{ $self }% + 学生评价×{ $students }% + 班主任评价×{ $head }% + 学院考核×{ $college }%（学院考核小组与辅导员互评各 { $panel }%/{ $peer }%） + 部门考核×{ $department }%，保留两位小数
assess-rule-A02 = 参评学生数不低于包联学生数的 { $percent }% 时学生评价才有效；否则须重新组织学生评价，之后才能定等
assess-rule-A03 = 等次为优秀、合格、基本合格、不合格；优秀不超过{ $scope ->
    [university] 全校
   *[college] 本学院
}参加定等人数的 { $percent }%（向下取整），按总分从高到低，边界处并列者均不定为优秀；总分低于 { $line } 分为基本合格（学校文件未规定，本校设定）
assess-rule-A04 = 只评议不定等：从事辅导员工作未满 1 年；派出或借调且在岗不足 5 个月；请假超过 5 个月；兼职辅导员参照评议
assess-rule-A05 = 不确定为优秀：无故不参加培训或会议；无故缺勤值班；全年累计离岗 { $days } 天及以上；包联学生受记过及以上处分率高于 { $percent }%
assess-rule-A06 = 不合格：学生评价得分低于 { $below } 分，或学院认定的否决事项（政治立场问题、工作懈怠、重大安全责任事故、评奖资助不公、党纪政纪或治安刑事处罚、师德师风考核不合格）
assess-rule-A07 = 基本合格：提醒谈话，取消次年专业技术职务评聘资格；不合格：调离辅导员工作岗位
assess-rule-A08 = 班主任考核以学年度为单位，在每年{ $term ->
    [spring] 春学期
   *[autumn] 秋学期
}进行；在本学院内定等，优秀不超过本学院班主任总数（花名册上的本学院班主任，不论是否列入导入名单）的 { $percent }%；资助工作出现重大失误者不予评优；得分低于 { $fail } 分为不合格（学校文件未规定，本校设定），不合格者不得续聘
assess-rule-A09 = 所带班级的不及格率、考研率、就业率、双证率、四六级通过率和校级以上获奖情况纳入班主任考核；权重：{ $weight ->
    [0] 学院未定权重
   *[other] { $weight }%（由学院计入学院考核得分）
}
assess-rule-evidence = 定额完成率：本学年已结束的各项定额周期中完成的比例，供部门考核“工作制度执行情况”参考，不计入得分

assess-col-staff-no = 工号
assess-col-name = 姓名
assess-col-self = 自评
assess-col-students = 学生评价
assess-col-participants = 参评/包联学生
assess-col-head = 班主任评价
assess-col-panel = 学院考核小组
assess-col-peer = 辅导员互评
assess-col-department = 部门考核
assess-col-total = 总分
assess-col-grade = 等次
assess-col-rule = 依据
assess-col-why = 说明
assess-col-limits = 其他情形
assess-col-outcome = 后果
assess-col-quota = 定额完成率
assess-col-missed = 未完成的定额
assess-col-score = 学院考核得分
assess-col-aid = 资助工作重大失误
assess-col-class = 班级
assess-col-fail-rate = 不及格率
assess-col-postgraduate = 考研率
assess-col-employment = 就业率
assess-col-dual = 双证率
assess-col-cet = 四六级通过率
assess-col-awards = 校级以上获奖
assess-col-rule-id = 条目
assess-col-article = 条款
assess-col-text = 规则
assess-sheet-counselors = 辅导员
assess-sheet-head-teachers = 班主任
assess-sheet-rules = 规则说明
assess-sheet-quota-rules = 定额规则
assess-col-asks = 要求
assess-col-window = 计入时段
assess-col-whose = 次数
assess-col-note = 说明
assess-yes = 是
assess-no = 否
assess-quota = { $met }/{ $total }（{ $percent }%）
assess-quota-none = 无已结束的定额周期
assess-missed-item = { $rule } { $title }（{ $start }～{ $end }，{ $done }/{ $target }）

assess-title = <b>📑 { $college } { $year } 学年考核结果</b>（{ $state }）
assess-state-draft = 草稿，未发布
assess-state-published = 已发布
assess-summary-counts = 辅导员 { $counselors } 人：{ $counts }
assess-summary-heads = 班主任 { $heads } 人：{ $counts }
assess-summary-count = { $grade } { $n }
assess-summary-separator = ，
assess-summary-pending = ⚠️ 暂不能定等（参评学生不足 50%，须重新组织学生评价）：{ $names }
assess-summary-talks = 需安排提醒谈话（基本合格，学院领导与本人）：{ $names }
assess-summary-removals = 须调离辅导员岗位（不合格）：{ $names }
assess-summary-not-renewed = 不得续聘班主任（不合格）：{ $names }
assess-places = 全校 { $graded } 人参加定等，优秀名额 { $cap } 名（15%，向下取整）；已发布学院已定优秀 { $taken } 名，尚余 { $left } 名，由未发布学院按总分排序（A03，U 考核 第七条）。
assess-summary-heads-when = 班主任考核在每年{ $term ->
    [spring] 春学期
   *[autumn] 秋学期
}进行（U 班主任 第十二条），优秀名额按本学院花名册上的班主任 { $base } 人计。
assess-summary-file = 完整表格（辅导员、班主任、规则说明）见附件。
assess-summary-publish = 核对无误后请点“确认发布”：发布后结果锁定，每人将收到本人结果。
assess-button-publish = 确认发布
assess-published = ✅ 已发布 { $college } { $year } 学年考核结果，已通知 { $count } 人。
assess-publish-pending = 还有人暂不能定等（{ $names }），请重新组织学生评价并重新导入后再发布。
assess-already-published = 该学年的考核结果已发布，不能再修改。
assess-none = { $year } 学年还没有考核数据。
assess-none-college = { $college } { $year } 学年还没有导入考核数据。
assess-usage = 用法：/assess [学年，如 2025-2026]
assess-other-college = 只能查看本学院（{ $college }）的考核结果。

assess-own-title = <b>📑 { $year } 学年考核：{ $name }</b>
assess-own-grade = 等次：<b>{ $grade }</b>
assess-own-total = 总分：{ $total }
assess-own-score = 学院考核得分：{ $score }
assess-own-why = 依据：{ $why }
assess-own-limits = 其他情形：{ $limits }
assess-own-outcome = 后果：{ $outcome }
assess-own-quota = 定额完成率（供部门考核参考）：{ $quota }
assess-own-draft = 本学年的考核结果尚未发布，发布后会通知您。
assess-own-none = 您 { $year } 学年还没有考核结果。
assess-own-self = 您的自评：{ $score } 分
assess-own-offer = 可以在这里填写自评分和简短陈述，或生成述职草稿。
assess-button-self = 填写自评
assess-button-report = 生成述职草稿
assess-self-ask = 请发送自评分（0–100）和简短陈述，例如：<code>92 本学年完成全部谈心谈话……</code>（/cancel 取消）
assess-self-bad = 请以 0–100 的分数开头，例如：<code>92 本学年……</code>
assess-self-too-long = 陈述请不超过 500 字。
assess-self-saved = ✅ 已保存自评：{ $score } 分。发布前可以重新填写。
assess-self-locked = 考核结果已发布，不能再修改自评。
assess-self-cancelled = 已取消。
assess-notify = <b>📑 { $year } 学年考核结果已发布</b>
assess-notify-talk = 学院将与您进行提醒谈话。

assess-report-title = <b>{ $year } 学年述职（草稿）：{ $name }</b>
assess-report-intro = 以下内容根据本人在系统中的工作记录生成，请核对、补充后使用。
assess-report-quota = 一、工作制度执行：本学年已结束的定额周期 { $total } 个，完成 { $met } 个。
assess-report-met = 完成：{ $items }
assess-report-met-item = { $title }（{ $count } 个周期）
assess-report-missed = 未完成：{ $items }
assess-report-kinds = 二、工作记录：{ $items }
assess-report-kind = { $kind } { $count } 次
assess-report-coverage = 三、学生覆盖：谈心谈话等记录涉及包联学生 { $reached }/{ $roster } 人。
assess-report-crises = 四、危机事件处置：{ $count } 起。
assess-report-none = 无
assess-report-separator = ；

assess-talk-header = <b>📌 { $year } 学年考核：请安排提醒谈话</b>（A07，U 考核 第八条：学院和学生工作部对“基本合格”者提醒谈话）
assess-talk-item = · { $name }
assess-col-statement = 自评陈述
