# 通过发送文件导入名单，以及 /template
import-not-allowed = 只有学院管理员可以通过发送文件导入名单（学业预警名单也可由学院领导发送）。
import-kind-not-allowed = 只有学院管理员可以导入{ $kind }。
import-rejected = 《{ $name }》有 { $count } 处错误，未做任何修改。请改正后重新发送：
import-preview = 《{ $name }》识别为<b>{ $kind }</b>，检查通过。确认导入后将：
import-done = 《{ $name }》已导入：
import-told = 已通知 { $count } 位老师。
import-notice-more = ……另有 { $count } 名学生未列出。
import-kind-roster = 学生名单
import-kind-warnings = 学业预警名单
import-kind-concerns = 重点关注名单
import-kind-indicators = 班级指标
import-kind-fitness = 体质测试参测情况
import-kind-course_failures = 课程不及格率
import-summary-roster =
    新增 { $new_students } 名学生，更新 { $updated_students } 名
    新增 { $new_staff } 名教师，更新 { $updated_staff } 名
    新增 { $new_classes } 个班级、{ $new_colleges } 个学院
    班主任变更 { $head_teacher_changes } 个班，辅导员分工变更 { $counselor_changes } 处
import-summary-warnings = 学业预警 { $students } 名学生（{ $terms }），其中新标记 { $flagged } 名；新列入该学期名单 { $joined } 名{ $joined ->
    [0] {""}
   *[other] ：{ $joined_names }
}；移出该学期名单 { $left } 名{ $left ->
    [0] {""}
   *[other] ：{ $left_names }
}；涉及 { $teachers } 位辅导员、班主任
import-summary-concerns = 重点关注 { $students } 名学生：新增 { $added } 名，更新 { $changed } 名
import-summary-indicators = { $classes } 个班级的指标（{ $years }）：新增 { $added } 条，更新 { $changed } 条
import-summary-fitness = { $counselors } 位辅导员的体质测试参测人数：新增 { $added } 条，更新 { $changed } 条
import-summary-course_failures = { $courses } 门课程的不及格率（{ $terms }）：新增 { $added } 门，移出该学期名单 { $removed } 门
import-warning-notice =
    <b>学业预警</b>：您{ $role ->
        [counselor] 所带班级
       *[head_teacher] 的班级
    }有 { $count } 名学生在新导入的学业预警名单上：
import-warning-notice-duties = { $role ->
    [counselor] 请在期末前与这些学生的家长沟通（C33），并将名单反馈专业负责人和班主任（C34）。
   *[head_teacher] 请与这些学生一对一面谈（H04），并在期末前与其家长沟通（H05）。
}
template-intro = 以下是您可以导入的 { $count } 种名单的模板。填好后直接把文件发给我即可（第一行表头不要改动，列的顺序可以调整）。
template-caption = { $kind }模板 · 必填列：{ $required }
help-template = /template — （管理员、学院领导）下载各类名单的导入模板；填好后把文件发给我即可导入
import-kind-assessment_counselors = 辅导员考核数据
import-kind-assessment_head_teachers = 班主任考核数据
import-summary-assessment_counselors = { $year } 学年辅导员考核数据：新增 { $created } 人，更新 { $updated } 人，考核结果随即重新计算（草稿）
import-summary-assessment_head_teachers = { $year } 学年班主任考核数据：新增 { $created } 人，更新 { $updated } 人，考核结果随即重新计算（草稿）
import-needs-year = 导入考核数据时请注明学年：在文件名中写上学年，如“考核-2025-2026.xlsx”。

# 命令行 fudao import
import-cli-failed = 导入失败：共 { $count } 处错误，未做任何修改。
import-cli-dry-run = （试运行，未写入）
import-cli-done = 导入完成。
import-cli-year = --year 应写成 2025-2026
import-cli-needs-year = 导入考核数据需要 --year，如 --year 2025-2026
import-cli-unknown-sender = 名单中没有工号为 { $no } 的教师（--by）
import-cli-not-this-kind = 这个文件不是{ $kind }，而是{ $found }。

# 读不了的文件（TableError）
import-table-old-format = 这种表格格式无法读取：请在 Excel 或 WPS 中“另存为” .xlsx 后再发送。
import-table-encoding = 无法识别文件编码：请另存为 UTF-8 或 GBK 编码的 CSV，或 Excel（.xlsx）文件。
import-table-broken-xlsx = 无法打开这个 Excel 文件：文件可能已损坏，或不是 .xlsx 格式。
import-table-merged-header = 表头（第 1 行）有合并单元格，请取消合并后再发送。
import-table-formula = { $cell } 单元格是公式，请先复制并“粘贴为数值”后再发送。
import-table-too-big = 文件超过 5 MB，请拆分后分批发送。
import-table-empty-file = 文件是空的。
import-table-unsupported = 只支持 Excel（.xlsx）和 CSV 文件。
import-table-no-content = 文件里没有内容。
import-table-unrecognised = 无法识别这是哪种名单：第一行应是表头，并包含下列某种名单的全部必需列。
import-table-unrecognised-kind = · { $kind }：{ $columns }
import-table-unrecognised-template = 发送 /template 可下载各名单的空白模板。

# 行错误（RowError）：第 N 行，X 列：……
import-error-at = 第 { $row } 行，{ $column } 列：{ $message }
import-error-at-header = 第 1 行（表头）：{ $message }
import-error-missing-columns = 缺少列：{ $missing }（表头应为：{ $header }）
import-error-no-rows = 文件中没有数据行
import-error-empty = 不能为空
import-error-duplicate = 与第 { $first } 行重复
import-error-needs-sender = 导入重点关注名单需要注明导入人：fudao import concern 文件 --by 工号
import-error-unknown-student = 名单中没有学号为 { $no } 的学生
import-error-other-college-student = { $no } 不是本学院的学生
import-error-not-positive-integer = “{ $text }”不是 1 以上的整数
import-error-bad-term = 无法识别“{ $text }”，请写成“2026-2027-1”
import-error-one-of = 只能填 { $words }，而不是“{ $text }”
import-error-unknown-class = 没有名为“{ $name }”的班级
import-error-other-college-class = { $name } 不是本学院的班级
import-error-bad-year = 无法识别“{ $text }”，请写成“2025-2026”
import-error-not-percentage = “{ $text }”不是 0–100 之间的百分数
import-error-not-count = “{ $text }”不是 0 以上的整数
import-error-unknown-counselor = 没有工号为 { $no } 的辅导员
import-error-not-integer = “{ $text }”不是整数
import-error-more-than-students = { $count } 超过该辅导员负责的学生数 { $size }
import-error-unknown-department = 没有名为“{ $name }”的专业系部
import-error-ambiguous-department = 有多个学院设有“{ $name }”，请由本学院的老师导入
import-error-more-than-enrolled = 不及格人数 { $count } 超过选课人数 { $size }
import-error-bad-date = 无法识别“{ $text }”，请写成“2026-11-02”
import-error-bad-grade = “{ $text }”不是有效的年级（如 2024）
import-error-bad-dorm = 无法识别“{ $text }”，请写成“7号楼 312”
import-error-yes-no = 只能填“是”或“否”，而不是“{ $text }”
import-error-program-years = 学制应为 2–8 的整数（如 3、4、5），而不是“{ $text }”
import-error-pair-missing = 填写了{ $filled }，但{ $empty }为空
import-error-staff-name-conflict = 工号 { $no } 在第 { $first } 行是“{ $name }”，这里是“{ $here }”
import-error-full-time = 只能填“专职”或“兼职”（空白为专职），而不是“{ $text }”
import-error-full-time-conflict = 辅导员 { $no } 在第 { $first } 行的专兼职与这里不同
import-error-class-college-conflict = 班级 { $name } 在第 { $first } 行属于“{ $college }”
import-error-class-grade-conflict = 班级 { $name } 在第 { $first } 行是 { $grade } 级
import-error-one-head-teacher = 班级 { $name } 已在第 { $first } 行指定班主任 { $no }，一个班只能有一位班主任
import-error-bad-score = “{ $text }”应为 0–100 的分数（最多两位小数）
import-error-not-nonnegative-integer = “{ $text }”应为不小于 0 的整数
import-error-out-of-range = “{ $text }”应为 0–{ $most } 之间的数
import-error-yes-or-no = “{ $text }”应为 是 或 否
import-error-not-date = “{ $text }”不是日期，请写成 2023-09-01
import-error-not-number = “{ $text }”不是数字
import-error-duplicate-staff = { $no } 与第 { $first } 行重复
import-error-unknown-staff = 名单中没有工号 { $no }
import-error-name-mismatch = “{ $text }”与工号 { $no } 的 { $name } 不符
import-error-not-role = { $name }（{ $no }）在名单中不是{ $role ->
    [counselor] 辅导员
   *[head_teacher] 班主任
}
import-error-no-start-date = 不能为空（名单中也没有该教师的任职日期）
import-error-bad-finding = “{ $text }”应为空，或为：{ $findings }
import-error-published = { $year } 学年的考核结果已发布，不能再导入
template-file = { $kind }（模板）.xlsx

# 教职工名单：在岗 = 否 结束该教师的全部（或“角色”列所写的）角色
import-kind-staff = 教职工名单
import-summary-staff = 教职工 { $people } 人，其中不在岗 { $leavers } 人：已结束 { $ended } 人的角色（班级分工一并解除，对方立即无法使用本助手）
import-error-unknown-role = 无法识别角色“{ $text }”，可写：辅导员、班主任、学院领导、管理员、教务员、全部

# 任职起始日期、专兼职、班主任起始日期：每人录入一次（名单或 fudao staff set）
import-error-start-changed = { $name }（{ $no }）的{ $column }将由 { $old } 改为 { $new }
import-error-person-conflict = { $no } 在第 { $first } 行填写的值与这里不同，每人只能有一个
import-error-leave-reason = 离岗原因只能填“转岗”“辞职”“退休”或“其他”，而不是“{ $text }”
import-error-start-differs = { $no } 的任职起始日期此处为 { $written }，与已登记的 { $stored } 不同；请改正此处，或先用 fudao staff set 更正登记的日期
import-error-future-date = “{ $text }”还没有到
# 培训记录（C29、C30、C31、S07）：岗前培训多在使用本助手之前
import-kind-training = 培训记录
import-summary-training = 培训记录 { $records } 条（{ $people } 人）：新增 { $added } 条，其余已导入过
import-error-unknown-trainee = 名单中没有工号为 { $no } 的辅导员或班主任
import-error-bad-hours = 学时应为 0.5 到 400 之间的数字，而不是“{ $text }”
import-error-bad-level = 级别只能填“校级”“省级”或“国家级”，而不是“{ $text }”
import-error-bad-category = 类别应填“岗前”或“在岗”（该教师没有登记任职起始日期时必须填写），而不是“{ $text }”
