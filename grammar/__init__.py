"""The .lark grammars; installed as the package ``form4_peg.grammar`` so the wheel carries them."""
