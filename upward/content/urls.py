from django.urls import path

from upward.content import views

app_name = "content"
urlpatterns = [
    path("", views.index, name="index"),
    path("prompts/", views.prompt_library, name="prompts"),
    path("paths/<slug:slug>/", views.roadmap, name="roadmap"),
    path("paths/<slug:slug>/steps/<int:step_id>/", views.step_toggle, name="step_toggle"),
    path("resources/", views.resource_hub, name="resources"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource"),
]
