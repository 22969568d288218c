import requests
from django.conf import settings
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView


class RefundList(APIView):
    permission_classes = [permissions.IsAdminUser]

    def get(self, request):
        return Response([])


class ApproveRefund(APIView):
    permission_classes = [permissions.IsAdminUser]

    def post(self, request, pk):
        resp = requests.post(f"{settings.PAYMENTS_URL}/refunds/{pk}/approve", timeout=10)
        resp.raise_for_status()
        return Response({"id": pk, "status": "approved"})
