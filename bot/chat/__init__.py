"""What the flows and LINE agree on, and nothing else: the inputs a resident sends
(`inputs`), the replies a flow gives (`replies`), the postback data of its buttons
(`postback`), every word the bot says (`texts`), and what an image a resident sent really is
(`images`). Flows build on it without knowing LINE; `bot/line/` turns it into LINE's wire
format and back without knowing the flows."""
