"""`upward demo`: a believable organisation and its reverse-mentoring programs, in one place.

This package sits at the top of the app graph (see `docs/architecture.md`): it may import every
app, and no app imports it. Each module seeds one app's part (`seed(ctx)`), in the order of
`upward.demo.seed.STEPS`; `upward/demo/management/commands/demo.py` is the command.

The package is an installed app (label "demo") only so that Django finds its command; it has no
models. Keep this file free of imports: Django imports it while the app registry is loading.
"""
