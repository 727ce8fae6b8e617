package tui

import (
	"context"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// Service is what the screens need from the service layer. *service.Service
// satisfies it; tests may use a fake.
type Service interface {
	SignIn(ctx context.Context, username, password string) (service.Session, error)
	Search(ctx context.Context, sess service.Session, query string, limit int) (service.SearchResult, error)
	MemberFile(ctx context.Context, sess service.Session, memberID int64) (service.MemberFile, error)
	ListUsers(ctx context.Context, sess service.Session) ([]service.UserView, error)
	MayManageUsers(ctx context.Context, sess service.Session) error
	ChangePassword(ctx context.Context, sess service.Session, current, next string) (service.Session, error)

	// Address changes.
	CheckAddress(in domain.AddressInput) (domain.AddressInput, []domain.Warning, error)
	CheckEvidence(ctx context.Context, sess service.Session, memberID int64, e domain.Evidence) (domain.Evidence, []string, error)
	RequestAddressChange(ctx context.Context, sess service.Session, in service.ChangeInput) (service.AddressRequest, []domain.Warning, error)
	DeliverReceipt(ctx context.Context, sess service.Session, ref string) (service.Delivery, error)
	ApproveAddressChange(ctx context.Context, sess service.Session, ref string) (service.AddressRequest, error)
	RejectAddressChange(ctx context.Context, sess service.Session, ref, reason string) (service.AddressRequest, error)
	CancelAddressChange(ctx context.Context, sess service.Session, ref string) (service.AddressRequest, error)
	AddressRequests(ctx context.Context, sess service.Session, f service.RequestFilter) ([]service.AddressRequest, error)
	AddressRequest(ctx context.Context, sess service.Session, ref string) (service.RequestDetail, error)

	// Temporary PINs: the screen never receives a PIN, only issues.
	PINOverview(ctx context.Context, sess service.Session, memberID int64) (service.PINOverview, error)
	ReissuePIN(ctx context.Context, sess service.Session, in service.PINReissueInput) (service.PINReissueResult, error)

	syncService // the link to the centre (sync.go)
}

var _ Service = (*service.Service)(nil)
