from django.contrib import admin

from upward.notifications.models import (
    Delivery,
    DeliveryPreference,
    Notification,
    ProgramNudgePause,
    SweepRun,
)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "channel", "user", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["key", "user__email"]
    # The ledger is the exactly-once record: read it here, change it through the app's retry.
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__email"]


admin.site.register(DeliveryPreference)
admin.site.register(ProgramNudgePause)
admin.site.register(SweepRun)
