"""Request bodies of the REST API, so the OpenAPI document says what each call takes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ComposeIn(BaseModel):
    accounts: list[str] = Field(description="投稿先アカウント名")
    text: str
    at: str | None = Field(None, description="公開日時 (ISO 8601; 時差なしは日本時間)")
    category: str = Field("other", description="第4.2(2)の区分")
    share_source: str | None = Field(None, description="第4.2(4)の区分 (category=share)")
    share_url: str | None = None
    needs_approval: bool = Field(False, description="所属長の決裁を求める (第4.6)")
    image_urls: list[str] = []
    submit: bool = Field(True, description="作成後すぐにゲートへ提出")


class CheckIn(BaseModel):
    accounts: list[str]
    text: str
    category: str = "other"
    share_source: str | None = None
    share_url: str | None = None
    needs_approval: bool = False
    has_image: bool = False


class EditIn(BaseModel):
    text: str | None = None
    category: str | None = None
    needs_approval: bool | None = None
    submit: bool = True


class RescheduleIn(BaseModel):
    at: str


class ReasonIn(BaseModel):
    reason: str | None = None


class DecideIn(BaseModel):
    action: str = Field(description="hide, delete, block, mute, clear, unhide, unblock, unmute")
    ground: str | None = Field(None, description="第4.5の根拠ID")


class SubmissionIn(BaseModel):
    title: str
    body: str
    category: str = "other"
    link: str | None = None
    desired_at: str | None = None


class ConvertIn(BaseModel):
    accounts: list[str]
    text: str | None = None
    at: str | None = None
    category: str | None = None
    needs_approval: bool = False


class RegistrationIn(BaseModel):
    platform: str
    handle: str = ""
    password: str = Field("", description="金庫に暗号化して保管し、以後どこにも表示しない")
    url: str = ""
    email: str = ""
    title: str = ""
    registration_other: str = ""
    content: str = ""
    comment_policy: str = ""
    other: str = ""


class ApplicationIn(RegistrationIn):
    """様式第1号"""

    number: str = ""
    categories: list[str] = []
    planned_start: str = Field("", description="運用開始予定時期 (YYYY-MM-DD)")


class FilingDecisionIn(BaseModel):
    """様式第2号 (approve) or a refusal with its reason"""

    approve: bool
    decision_number: str = ""
    account_name: str = ""
    note: str = ""


class TokenIn(BaseModel):
    name: str = "api"
