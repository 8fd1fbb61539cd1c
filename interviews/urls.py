from django.urls import path

from .views import reading

urlpatterns = [
    path("", reading.home, name="home"),
    path("interviews/", reading.interview_list, name="interview_list"),
    path("interviews/<slug:slug>/", reading.interview_detail, name="interview_detail"),
    path("interviews/<slug:slug>/t/<slug:key>/", reading.turn_detail, name="turn_detail"),
]
