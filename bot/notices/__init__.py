"""Staff notices: お知らせ (pushed in full) and POST (postbox, title-only push)."""
