package i18n

import "strings"

// The languages the console speaks, as ui.language names them.
const (
	LangEnglish = "en"
	LangFrench  = "fr"
)

// Resolve names the language to speak: setting when it is "fr" or "en";
// otherwise the locale's, from the first of LC_ALL, LC_MESSAGES and LANG
// that is set (the order POSIX gives them): French for fr, fr_MA.UTF-8 and
// the like, English for anything else, C and POSIX included.
func Resolve(setting string, getenv func(string) string) string {
	switch setting {
	case LangFrench, LangEnglish:
		return setting
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "fr") {
				return LangFrench
			}
			return LangEnglish
		}
	}
	return LangEnglish
}
