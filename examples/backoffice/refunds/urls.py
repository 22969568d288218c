from django.urls import path

from . import views

urlpatterns = [
    path("", views.RefundList.as_view()),
    path("<int:pk>/approve/", views.ApproveRefund.as_view()),
]
