"""Tests of the policy: rules as data, the academic calendar, periods and evaluation."""
