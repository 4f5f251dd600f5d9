# 企业微信渠道 (bot/wecom/)
wecom-unsupported = 这里只能读文字、菜单和卡片按钮。请直接输入，例如「今天去 7 号楼 312 查寝」，或发送 /help。名单文件请在网页后台或 Telegram 上传。
wecom-menu-log = 记录工作
wecom-menu-me = 我的进度
wecom-menu-more = 更多
wecom-menu-todo = 待办
wecom-menu-history = 我的记录
wecom-menu-rules = 工作要求
wecom-menu-help = 帮助
wecom-menu-console = 看板
wecom-invite-text = 请在企业微信中打开「{ $app }」应用，发送下面这行（7 天内有效，仅能使用一次）：
