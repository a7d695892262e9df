from django.urls import path

from upward.mentoring.views import (
    board,
    charters,
    closing,
    followup,
    journal,
    meetings,
    messages,
    pairs,
    safety,
)

app_name = "mentoring"
urlpatterns = [
    path("", pairs.pair_index, name="index"),
    path("board/", board.boards, name="boards"),
    path("board/<slug:slug>/", board.board, name="board"),
    path("concerns/", safety.concerns, name="concerns"),
    path("concerns/<int:concern_id>/", followup.concern_page, name="concern"),
    path("closing/<slug:slug>/", closing.closing, name="closing"),
    path("closing/<slug:slug>/close/", closing.closing_confirm, name="closing_confirm"),
    path("<int:pair_id>/", pairs.room, name="room"),
    path("<int:pair_id>/nudge/", followup.nudge_send, name="nudge"),
    path("<int:pair_id>/checkins/", followup.checkin_add, name="checkin_add"),
    path("<int:pair_id>/charter/", charters.charter_page, name="charter"),
    path("<int:pair_id>/charter/sign/", charters.charter_sign, name="charter_sign"),
    path("<int:pair_id>/safety/", safety.safety_page, name="safety"),
    path("<int:pair_id>/close/", safety.close_page, name="close"),
    path("<int:pair_id>/end-early/", safety.end_early_page, name="end_early"),
    path("<int:pair_id>/meetings/", meetings.meeting_list, name="meetings"),
    path("<int:pair_id>/meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path(
        "<int:pair_id>/meetings/<int:meeting_id>.ics",
        meetings.meeting_download,
        name="meeting_ics",
    ),
    path(
        "<int:pair_id>/meetings/<int:meeting_id>/reschedule/",
        meetings.meeting_reschedule,
        name="meeting_reschedule",
    ),
    path(
        "<int:pair_id>/meetings/<int:meeting_id>/cancel/",
        meetings.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "<int:pair_id>/meetings/<int:meeting_id>/held/", meetings.meeting_held, name="meeting_held"
    ),
    path("<int:pair_id>/meetings/<int:meeting_id>/agenda/", meetings.agenda_add, name="agenda_add"),
    path(
        "<int:pair_id>/meetings/<int:meeting_id>/agenda/<int:item_id>/delete/",
        meetings.agenda_delete,
        name="agenda_delete",
    ),
    path(
        "<int:pair_id>/meetings/<int:meeting_id>/reflection/",
        meetings.reflection_save,
        name="reflection",
    ),
    path("<int:pair_id>/messages/", messages.messages, name="messages"),
    path("<int:pair_id>/notes/", journal.notes, name="notes"),
    path("<int:pair_id>/notes/<int:row_id>/", journal.note_row, name="note"),
    path("<int:pair_id>/notes/<int:row_id>/edit/", journal.note_edit, name="note_edit"),
    path("<int:pair_id>/notes/<int:row_id>/delete/", journal.note_delete, name="note_delete"),
    path("<int:pair_id>/growth/", journal.growth, name="growth"),
    path("<int:pair_id>/growth/<int:row_id>/", journal.growth_row, name="growth_entry"),
    path("<int:pair_id>/growth/<int:row_id>/edit/", journal.growth_edit, name="growth_edit"),
    path("<int:pair_id>/growth/<int:row_id>/delete/", journal.growth_delete, name="growth_delete"),
    path("<int:pair_id>/actions/", journal.actions, name="actions"),
    path("<int:pair_id>/actions/<int:action_id>/", journal.action_change, name="action_change"),
    path("<int:pair_id>/goals/<int:goal_id>/", journal.goal_change, name="goal_change"),
]
