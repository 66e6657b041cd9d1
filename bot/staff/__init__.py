"""City staff: accounts (argon2id), API tokens, the audit log, sessions and sign-in limits."""
