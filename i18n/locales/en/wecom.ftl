# The WeCom channel (bot/wecom/)
wecom-unsupported = I can only read text, the menu and card buttons here. Just type, for example "dorm visit to building 7 room 312 today", or send /help. Upload lists in the web console or on Telegram.
wecom-menu-log = Log work
wecom-menu-me = My progress
wecom-menu-more = More
wecom-menu-todo = To do
wecom-menu-history = My records
wecom-menu-rules = Duties
wecom-menu-help = Help
wecom-menu-console = Console
wecom-invite-text = Open the "{ $app }" app in WeCom and send this line (valid 7 days, usable once):
