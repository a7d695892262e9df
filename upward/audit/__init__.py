"""The audit log: who changed what that matters for trust (imports, publishes, role changes,
exports, erasures, threshold changes). The lowest layer, so every app can record."""
