"""The WeCom (企业微信) channel: callbacks in as updates, Bot API calls out as WeCom calls."""
