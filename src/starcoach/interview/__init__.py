"""Mock interviews: the UI-free engine, question choice, follow-ups and silence handling."""
