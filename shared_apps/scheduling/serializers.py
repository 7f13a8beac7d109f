from rest_framework import serializers

from .models import Schedule


class ScheduleQuerySerializer(serializers.Serializer):
    tenant = serializers.SlugField(required=False, default="", max_length=40, help_text="A brand's slug.")
    failing = serializers.BooleanField(required=False, default=False, help_text="Only schedules failing now.")


class ScheduleSerializer(serializers.ModelSerializer):
    tenant = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    failing = serializers.BooleanField(source="is_failing", read_only=True)

    class Meta:
        model = Schedule
        fields = ["tenant", "job", "next_run_at", "failing", "attempts", "last_error", "last_error_at",
                  "last_claimed_at", "last_success_at"]
