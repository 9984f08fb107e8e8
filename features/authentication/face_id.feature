# language: ja
@ja @ios @browser
機能: Face IDでの使用方法
  通知を選択することにより、IBKRモバイル認証(IB Key)が起動します。iPhoneの画面を見て、Face IDによる認証を行ってください。
  認証が完了したら、ログインが自動的に始ります。

  @clause.PUSH-1 @clause.PUSH-2 @clause.NOTIFY-TAP-OPENS @clause.FACEID-3 @clause.LOGIN-CONTINUES
  シナリオ: 通知を選択してFace IDで認証する
    前提 クライアント・ポータルのユーザーがいる
    かつ Face IDでロックを解除するiPhoneがある
    かつ スマートフォンでIB Keyが有効化されている
    もし ユーザー名とパスワードを入力し、ログインをクリックする
    ならば ログイン画面がIB Keyの認証を待っている
    もし 30秒が経過する
    ならば ログイン画面がIB Keyの認証を待っている
    かつ スマートフォンに通知が送信される
    もし 画面を下にスワイプし、IBKRモバイル通知をタップする
    ならば Face IDを求められる
    もし セキュリティ要素を提供する
    ならば ログイン手順が自動的に次の段階に移動する

  @clause.PUSH-1 @clause.PUSH-2 @clause.FACEID-PASSCODE @clause.LOGIN-CONTINUES
  シナリオ: Face ID機能が有効化されていない場合にはパスコードを入力する
    前提 クライアント・ポータルのユーザーがいる
    かつ Face IDでロックを解除するiPhoneがある
    かつ スマートフォンでIB Keyが有効化されている
    かつ Face ID機能が有効化されていない
    もし ユーザー名とパスワードを入力し、ログインをクリックする
    ならば ログイン画面がIB Keyの認証を待っている
    もし 30秒が経過する
    ならば ログイン画面がIB Keyの認証を待っている
    もし 画面を下にスワイプし、IBKRモバイル通知をタップする
    ならば パスコードを求められる
    かつ Face IDは求められない
    もし セキュリティ要素を提供する
    ならば ログイン手順が自動的に次の段階に移動する
