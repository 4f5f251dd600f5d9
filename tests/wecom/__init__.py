"""Tests of the WeCom (企业微信) channel and its emulator."""
