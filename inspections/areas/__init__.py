"""An area's record: its indicators, intelligence and other evaluations before an inspection is
chosen, and the written statement of action it promised after one.

A nested app: the core never imports it; it reads the core and `reports`.
"""
