package letter

import "fmt"

// DocumentsReceived words what the counter saw, in French, for the
// receipt's "Documents reçus" list.
func DocumentsReceived(registrationCard, cinCopy, signedForm bool, formNumber string, scans int) []string {
	var out []string
	if registrationCard {
		out = append(out, "Copie de la carte d'immatriculation")
	}
	if cinCopy {
		out = append(out, "Copie de la carte nationale d'identité (CIN)")
	}
	if signedForm {
		out = append(out, fmt.Sprintf("Formulaire de changement d'adresse signé n° %s", formNumber))
	}
	switch {
	case scans == 1:
		out = append(out, "1 pièce numérisée")
	case scans > 1:
		out = append(out, fmt.Sprintf("%d pièces numérisées", scans))
	}
	return out
}

// ExceptionText words an evidence exception for the receipt.
func ExceptionText(missing int, grantedBy, reason string) string {
	return fmt.Sprintf("Pièce(s) manquante(s) : %d — exception accordée par %s (%s)", missing, grantedBy, reason)
}
