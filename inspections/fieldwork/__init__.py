"""The week on site: evidence the team records as it goes (offline too), and the emerging findings it rests on.

A nested app: the core never imports it; `reports` may link its findings to these records.
"""
