"""Chaser's own web pages (not Teams): the sign-in-free answer page reached from emails."""
