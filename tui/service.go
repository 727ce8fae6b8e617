package tui

import (
	"context"

	"github.com/cnops/guichet/service"
)

// Service is what the screens need from the service layer. *service.Service
// satisfies it; tests may use a fake.
type Service interface {
	SignIn(ctx context.Context, username, password string) (service.Session, error)
	Search(ctx context.Context, sess service.Session, query string, limit int) (service.SearchResult, error)
	MemberFile(ctx context.Context, sess service.Session, memberID int64) (service.MemberFile, error)
	ListUsers(ctx context.Context, sess service.Session) ([]service.UserView, error)
}

var _ Service = (*service.Service)(nil)
