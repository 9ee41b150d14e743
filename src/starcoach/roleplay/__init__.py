"""Upset-customer role-play: scenarios, the agent's moves, the customer's emotion, the call, and its review."""
