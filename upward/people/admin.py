from django.contrib import admin

from upward.people.models import AffinityGroup, Department, Person, User


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["employee_id", "name", "title", "level", "department", "is_active"]
    search_fields = ["employee_id", "name", "email"]
    list_filter = ["is_active", "department"]
    raw_id_fields = ["manager"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "is_org_admin", "is_coordinator", "is_sponsor", "is_active"]
    search_fields = ["email", "name"]
    exclude = ["password", "calendar_token"]
    raw_id_fields = ["person"]


admin.site.register(Department)
admin.site.register(AffinityGroup)
