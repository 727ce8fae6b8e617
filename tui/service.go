package tui

import (
	"context"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
)

// Service is what the screens need from the service layer. *service.Service
// satisfies it; tests may use a fake. (store.AddressRequest is the service's
// own result type for requests: the screens read it, never the store.)
type Service interface {
	SignIn(ctx context.Context, username, password string) (service.Session, error)
	Search(ctx context.Context, sess service.Session, query string, limit int) (service.SearchResult, error)
	MemberFile(ctx context.Context, sess service.Session, memberID int64) (service.MemberFile, error)
	ListUsers(ctx context.Context, sess service.Session) ([]service.UserView, error)

	// Address changes.
	CheckAddress(in domain.AddressInput) (domain.AddressInput, []domain.Warning, error)
	RequestAddressChange(ctx context.Context, sess service.Session, in service.ChangeInput) (store.AddressRequest, []domain.Warning, error)
	DeliverReceipt(ctx context.Context, sess service.Session, ref string) (service.Delivery, error)
	ApproveAddressChange(ctx context.Context, sess service.Session, ref string) (store.AddressRequest, error)
	RejectAddressChange(ctx context.Context, sess service.Session, ref, reason string) (store.AddressRequest, error)
	CancelAddressChange(ctx context.Context, sess service.Session, ref string) (store.AddressRequest, error)
	AddressRequests(ctx context.Context, sess service.Session, f service.RequestFilter) ([]store.AddressRequest, error)
	AddressRequest(ctx context.Context, sess service.Session, ref string) (service.RequestDetail, error)
}

var _ Service = (*service.Service)(nil)
