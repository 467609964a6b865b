"""Billing: plans, subscriptions, usage and the limits they set."""
