"""The pure matching engine (no Django): see MATCHING.md. Being moved here from upward.matching."""
