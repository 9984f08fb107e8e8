# language: ja
@ja @browser @negative
機能: ログインの問題11 ユーザー名を入力すると「文字が正しくありません」のメッセージを受信します

  @clause.LP11-INVALID-CHARACTERS @clause.LP11-USERNAME-CHARSET
  シナリオ: 使えない文字を含むユーザー名
    前提 クライアント・ポータルのユーザーがいる
    もし ユーザー名に「#」を付けてログインする
    ならば 「文字が正しくありません」のメッセージが表示される
