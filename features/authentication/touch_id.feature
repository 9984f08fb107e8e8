# language: ja
@ja @ios @browser
機能: Touch IDでの使用方法
  通知を選択することにより、IBKRモバイル認証(IB Key)が起動します。Touch IDに登録されている指を、
  iPhoneのホームボタンにあててください。Touch ID機能が有効化されていない場合には、IB Keyよりパスコードを入力するように指示があります。

  @clause.PUSH-1 @clause.PUSH-2 @clause.NOTIFY-TAP-OPENS @clause.TOUCHID-3 @clause.LOGIN-CONTINUES
  シナリオ: 通知を選択してTouch IDで認証する
    前提 クライアント・ポータルのユーザーがいる
    かつ Touch IDでロックを解除するiPhoneがある
    かつ スマートフォンでIB Keyが有効化されている
    もし ユーザー名とパスワードを入力し、ログインをクリックする
    ならば ログイン画面がIB Keyの認証を待っている
    もし 30秒が経過する
    ならば ログイン画面がIB Keyの認証を待っている
    かつ スマートフォンに通知が送信される
    もし 画面を下にスワイプし、IBKRモバイル通知をタップする
    ならば Touch IDを求められる
    もし セキュリティ要素を提供する
    ならば ログイン手順が自動的に次の段階に移動する

  @clause.PUSH-1 @clause.PUSH-2 @clause.TOUCHID-PASSCODE @clause.LOGIN-CONTINUES
  シナリオ: Touch ID機能が有効化されていない場合にはパスコードを入力する
    前提 クライアント・ポータルのユーザーがいる
    かつ Touch IDでロックを解除するiPhoneがある
    かつ スマートフォンでIB Keyが有効化されている
    かつ Touch ID機能が有効化されていない
    もし ユーザー名とパスワードを入力し、ログインをクリックする
    ならば ログイン画面がIB Keyの認証を待っている
    もし 30秒が経過する
    ならば ログイン画面がIB Keyの認証を待っている
    もし 画面を下にスワイプし、IBKRモバイル通知をタップする
    ならば パスコードを求められる
    かつ Touch IDは求められない
    もし セキュリティ要素を提供する
    ならば ログイン手順が自動的に次の段階に移動する
